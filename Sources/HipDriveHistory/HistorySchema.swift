import GRDB

/// The store's schema, as GRDB migrations from the first version on. Never edit a registered
/// migration: add a new one. A store holding a migration this list does not know was written by
/// a newer HipDrive and is refused (see `HistoryStore.init`).
enum HistorySchema {
    /// Identifiers in order; the last one is the current schema.
    static let migrationIdentifiers = ["v1"]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "storeInfo") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
            try db.create(table: "athlete") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique()
            }
            try db.create(table: "session") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("athlete", onDelete: .restrict).notNull()
                // One session per recording content: re-runs, copies and merged shards dedupe here.
                t.column("contentHash", .text).notNull().unique()
                t.column("sourcePath", .text).notNull()
                t.column("date", .datetime).notNull().indexed()
                t.column("dateSource", .text).notNull()
                t.column("exercise", .text).notNull()
                t.column("massKg", .double)
                t.column("band", .text)
                t.column("placement", .text)
                t.column("loadLabel", .text).notNull()
                t.column("powerUnit", .text).notNull()
                t.column("powerIsEstimate", .boolean).notNull()
                t.column("durationS", .double)
                t.column("format", .text)
                t.column("kind", .text)
                // Per-session summary (see SessionSummary), in powerUnit.
                t.column("peakPower", .double)
                t.column("meanDrivePower", .double)
                t.column("powerLossPct", .double)
                t.column("breakdownRep", .integer)
                t.column("totalWork", .double)
                t.column("totalReps", .integer).notNull()
                t.column("setCount", .integer).notNull()
                t.column("settingsJSON", .text).notNull()
                t.column("settingsFingerprint", .text).notNull()
                t.column("softwareVersion", .text).notNull()
                t.column("analyzedAt", .datetime).notNull()
                // The full analysis as `hipdrive analyze --json` writes it, for reports.
                t.column("analysisJSON", .text).notNull()
            }
            try db.create(table: "workoutSet") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("session", onDelete: .cascade).notNull()
                t.column("setIndex", .integer).notNull()
                t.column("start", .double).notNull()
                t.column("end", .double).notNull()
                t.column("cadenceRpm", .double)
                t.column("peakPowerLossPct", .double)
                t.column("meanDrivePowerLossPct", .double)
                t.column("velocityLossPct", .double)
                t.column("slopePctPerRep", .double)
                t.column("breakdownRep", .integer)
                t.column("workShare", .double)
                t.column("tempoShare", .double)
                t.column("smoothnessDrift", .double)
                t.column("shapeConsistencyLast", .double)
                t.column("repVariabilityCVPct", .double)
                t.column("confidence", .text)
                t.uniqueKey(["sessionId", "setIndex"])
            }
            try db.create(table: "rep") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("workoutSet", onDelete: .cascade).notNull()
                t.column("repIndex", .integer).notNull()
                t.column("start", .double).notNull()
                t.column("end", .double).notNull()
                t.column("turnaround", .double).notNull()
                t.column("apex", .double)
                t.column("peakPowerW", .double)
                t.column("meanDrivePowerW", .double)
                t.column("workJ", .double)
                t.column("peakPowerWPerKg", .double)
                t.column("meanDrivePowerWPerKg", .double)
                t.column("workJPerKg", .double)
                t.column("peakSpeedMps", .double)
                t.column("driveTimeS", .double)
                t.column("repTimeS", .double).notNull()
                t.column("displacementM", .double)
                t.column("relativeDriveIndex", .double)
                t.column("smoothnessSPARC", .double)
                t.column("shapeCorrelation", .double)
                t.uniqueKey(["workoutSetId", "repIndex"])
            }
        }
        return migrator
    }
}
