import Foundation
import GRDB
import HipDriveAnalysis

/// The workout history: athletes, sessions, sets and reps with their metrics, in one SQLite file
/// (WAL mode) through GRDB.
///
/// Every session is written in one immediate transaction, so a process killed at any moment
/// leaves either the whole session or none of it. Sessions are keyed by the recording's content
/// hash, so re-runs and merges never duplicate. Several processes may share a store: a writer
/// waits up to `busyTimeout` for another's transaction and then fails with `storeBusy`.
///
/// ```swift
/// let store = try HistoryStore(path: HistoryStore.resolvePath(nil))
/// try store.save(entry)
/// let sessions = try store.sessions(athlete: "anna")
/// ```
public final class HistoryStore: Sendable {
    /// Default store file, relative to the working folder.
    public static let defaultPath = "hipdrive.sqlite"
    /// Environment variable that overrides the default store path.
    public static let environmentVariable = "HIPDRIVE_STORE"
    public static var softwareVersion: String { HipDriveVersion.string }
    /// How long a writer waits for another process's transaction, seconds.
    public static let busyTimeout: TimeInterval = 60

    public let path: String
    let pool: DatabasePool

    /// `--store` if given, else `$HIPDRIVE_STORE`, else `./hipdrive.sqlite`.
    public static func resolvePath(_ flag: String?,
                                   environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let env = environment[environmentVariable], !env.isEmpty { return env }
        return defaultPath
    }

    /// Opens (creating and migrating when `create` is true) the store at `path`.
    ///
    /// A store written by a newer HipDrive is refused with `HistoryError.newerStore` before
    /// anything is written to it.
    public init(path: String, create: Bool = true) throws {
        self.path = path
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists && !create { throw HistoryError.missingStore(path: path) }
        if exists { try Self.retryingWhileLocked { try Self.refuseNewerStore(at: path) } }
        // A new store in a folder that does not exist yet (`--store results/2026/history.sqlite`):
        // make the folder, as a user expects; SQLite itself only creates the file.
        if !exists {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }

        var config = Configuration()
        config.busyMode = .timeout(Self.busyTimeout)
        config.foreignKeysEnabled = true
        // WAL with synchronous=NORMAL: a commit is atomic and survives a killed process (the WAL
        // is in the OS cache); only a power cut can lose the last commits, never corrupt the
        // file. It saves an fsync per session, the largest part of the store's write cost.
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        do {
            pool = try Self.retryingWhileLocked { try DatabasePool(path: path, configuration: config) }
        } catch let error as HistoryError {
            throw error
        } catch {
            throw HistoryError.cannotOpen(path: path, reason: Self.reason(error))
        }
        try migrate()
    }

    /// Runs `open` again (up to 20 times, 0.1 s apart) while the store is locked by another
    /// process that is creating it: switching a new file to WAL takes an exclusive lock, and a
    /// second process opening the file in that instant gets "database is locked" at once, without
    /// its busy handler (two `hipdrive batch` runs started together on a new store; one of them
    /// failed now and then under load).
    static func retryingWhileLocked<T>(_ open: () throws -> T) throws -> T {
        var attempt = 0
        while true {
            do {
                return try open()
            } catch {
                attempt += 1
                guard attempt < 20, isLockedError(error) else { throw error }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
    }

    static func isLockedError(_ error: Error) -> Bool {
        if let db = error as? DatabaseError {
            return db.resultCode == .SQLITE_BUSY || db.resultCode == .SQLITE_LOCKED
        }
        if case HistoryError.cannotOpen(_, let reason) = error {
            return reason.contains("locked") || reason.contains("busy")
        }
        return false
    }

    /// Reads the applied migrations with a plain connection that writes nothing (no journal-mode
    /// change, no migration), so that a newer store is left byte-for-byte as it was.
    static func refuseNewerStore(at path: String) throws {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(busyTimeout)
        let applied: [String]
        let writtenBy: String?
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            (applied, writtenBy) = try queue.read { db in
                guard try db.tableExists("grdb_migrations") else { return ([], nil) }
                let ids = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
                let by = try db.tableExists("storeInfo")
                    ? try String.fetchOne(db, sql: "SELECT value FROM storeInfo WHERE key = 'lastWrittenBy'")
                    : nil
                return (ids, by)
            }
            try queue.close()
        } catch {
            throw HistoryError.cannotOpen(path: path, reason: reason(error))
        }
        let unknown = applied.filter { !HistorySchema.migrationIdentifiers.contains($0) }
        if !unknown.isEmpty {
            throw HistoryError.newerStore(path: path, unknownMigrations: unknown.sorted(), writtenBy: writtenBy)
        }
    }

    /// Applies missing migrations. Two processes creating the same store at once race on the
    /// first migration; the loser sees the winner's tables on retry.
    private func migrate() throws {
        let migrator = HistorySchema.migrator
        var lastError: Error?
        for _ in 0..<5 {
            do {
                try migrator.migrate(pool)
                try pool.write { db in
                    try db.execute(sql: """
                        INSERT INTO storeInfo(key, value) VALUES ('lastWrittenBy', ?)
                        ON CONFLICT(key) DO UPDATE SET value = excluded.value
                        """, arguments: [Self.softwareVersion])
                }
                return
            } catch {
                lastError = error
                if let done = try? pool.read({ try migrator.hasCompletedMigrations($0) }), done {
                    return
                }
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
        throw HistoryError.cannotOpen(path: path, reason: lastError.map(Self.reason) ?? "migration failed")
    }

    static func reason(_ error: Error) -> String {
        if let db = error as? DatabaseError { return db.message ?? db.description }
        return String(describing: error)
    }

    /// Runs a write in an IMMEDIATE transaction (takes the write lock up front, so a read-then-
    /// write never fails half-way with a stale snapshot) and maps lock timeouts to `storeBusy`.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!  // set on every path that commits
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            throw HistoryError.storeBusy(path: path, waitedS: Self.busyTimeout)
        }
    }

    // MARK: - Writing

    /// What `save` did.
    public enum SaveOutcome: String, Sendable {
        case inserted, replaced, unchanged
    }

    /// Whether a session with this content and settings is already stored.
    public func isStored(contentHash: String, settingsFingerprint: String) throws -> Bool {
        try pool.read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS(SELECT 1 FROM session WHERE contentHash = ? AND settingsFingerprint = ?)
                """, arguments: [contentHash, settingsFingerprint]) ?? false
        }
    }

    /// Files one analysed recording, replacing an earlier analysis of the same content.
    ///
    /// - Parameters:
    ///   - entry: the analysis and its metadata.
    ///   - replaceNewerOnly: when true (merges), an existing row is replaced only if `entry` was
    ///     analysed later; when false (batch), an existing row with the same settings is kept
    ///     unless `force`.
    ///   - force: replace even an identical analysis.
    @discardableResult
    public func save(_ entry: SessionEntry, force: Bool = false, replaceNewerOnly: Bool = false) throws -> SaveOutcome {
        let fingerprint = entry.settingsFingerprint
        return try write { db in
            var outcome = SaveOutcome.inserted
            if let row = try Row.fetchOne(db, sql: """
                SELECT id, settingsFingerprint, analyzedAt FROM session WHERE contentHash = ?
                """, arguments: [entry.contentHash]) {
                let existingID: Int64 = row["id"]
                let existingFingerprint: String = row["settingsFingerprint"]
                let existingAnalyzedAt: Date = row["analyzedAt"]
                if replaceNewerOnly {
                    if existingAnalyzedAt >= entry.analyzedAt { return .unchanged }
                } else if existingFingerprint == fingerprint && !force {
                    return .unchanged
                }
                try db.execute(sql: "DELETE FROM session WHERE id = ?", arguments: [existingID])
                outcome = .replaced
            }
            try Self.insert(entry, fingerprint: fingerprint, into: db)
            try Self.pruneAthletes(db)
            return outcome
        }
    }

    private static func pruneAthletes(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM athlete WHERE id NOT IN (SELECT athleteId FROM session)")
    }

    private static func insert(_ entry: SessionEntry, fingerprint: String, into db: Database) throws {
        let meta = entry.metadata
        try db.execute(sql: "INSERT OR IGNORE INTO athlete(name) VALUES (?)", arguments: [meta.athlete])
        guard let athleteID = try Int64.fetchOne(db, sql: "SELECT id FROM athlete WHERE name = ?",
                                                 arguments: [meta.athlete]) else {
            preconditionFailure("athlete row vanished inside its own transaction")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let analysisJSON = String(decoding: try encoder.encode(entry.analysis), as: UTF8.self)
        let settingsJSON = String(decoding: try encoder.encode(entry.settings), as: UTF8.self)
        let summary = SessionSummary(entry.analysis)
        let input = entry.analysis.input
        try db.execute(sql: """
            INSERT INTO session(athleteId, contentHash, sourcePath, date, dateSource, exercise,
                massKg, band, placement, loadLabel, powerUnit, powerIsEstimate, durationS, format,
                kind, peakPower, meanDrivePower, powerLossPct, breakdownRep, totalWork, totalReps,
                setCount, settingsJSON, settingsFingerprint, softwareVersion, analyzedAt, analysisJSON)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [
                athleteID, entry.contentHash, entry.sourcePath, meta.date, meta.dateSource.rawValue,
                meta.exercise.rawValue, meta.massKg, meta.band, meta.placement, meta.loadLabel,
                entry.analysis.powerUnit, entry.analysis.powerIsEstimate, input.durationS,
                input.format, input.kind, summary.peakPower, summary.meanDrivePower,
                summary.powerLossPct, summary.breakdownRep, summary.totalWork, summary.totalReps,
                summary.setCount, settingsJSON, fingerprint, entry.analysis.softwareVersion,
                entry.analyzedAt, analysisJSON,
            ])
        let sessionID = db.lastInsertedRowID
        for set in entry.analysis.sets {
            let f = set.fatigue
            // Cached statements: compiled once per connection, not once per set and rep.
            try db.cachedStatement(sql: """
                INSERT INTO workoutSet(sessionId, setIndex, start, end, cadenceRpm, peakPowerLossPct,
                    meanDrivePowerLossPct, velocityLossPct, slopePctPerRep, breakdownRep, workShare,
                    tempoShare, smoothnessDrift, shapeConsistencyLast, repVariabilityCVPct, confidence)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                    sessionID, set.index, set.start, set.end, set.cadenceRpm, f?.powerLossPct.peak,
                    f?.powerLossPct.meanDrive, f?.velocityLossPct, f?.slopePctPerRep, f?.breakdownRep,
                    f?.workShare, f?.tempoShare, f?.smoothnessDrift, f?.shapeConsistencyLast,
                    f?.repVariabilityCVPct, f?.confidence,
                ])
            let setID = db.lastInsertedRowID
            for rep in set.reps {
                try db.cachedStatement(sql: """
                    INSERT INTO rep(workoutSetId, repIndex, start, end, turnaround, apex, peakPowerW,
                        meanDrivePowerW, workJ, peakPowerWPerKg, meanDrivePowerWPerKg, workJPerKg,
                        peakSpeedMps, driveTimeS, repTimeS, displacementM, relativeDriveIndex,
                        smoothnessSPARC, shapeCorrelation)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [
                        setID, rep.index, rep.start, rep.end, rep.turnaround, rep.apex, rep.peakPowerW,
                        rep.meanDrivePowerW, rep.workJ, rep.peakPowerWPerKg, rep.meanDrivePowerWPerKg,
                        rep.workJPerKg, rep.peakSpeedMps, rep.driveTimeS, rep.repTimeS,
                        rep.displacementM, rep.relativeDriveIndex, rep.smoothnessSPARC,
                        rep.shapeCorrelation,
                    ])
            }
        }
    }

    // MARK: - Reading

    /// Sessions, oldest first, optionally filtered (athlete and exercise match exactly; `since`
    /// is inclusive).
    public func sessions(athlete: String? = nil, exercise: Exercise? = nil, since: Date? = nil,
                         until: Date? = nil) throws -> [StoredSession] {
        try pool.read { db in
            var clauses: [String] = []
            var arguments: StatementArguments = []
            if let athlete { clauses.append("a.name = ?"); _ = arguments.append(contentsOf: [athlete]) }
            if let exercise { clauses.append("s.exercise = ?"); _ = arguments.append(contentsOf: [exercise.rawValue]) }
            if let since { clauses.append("s.date >= ?"); _ = arguments.append(contentsOf: [since]) }
            if let until { clauses.append("s.date <= ?"); _ = arguments.append(contentsOf: [until]) }
            let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            let rows = try Row.fetchAll(db, sql: """
                SELECT s.*, a.name AS athleteName FROM session s JOIN athlete a ON a.id = s.athleteId
                \(whereSQL) ORDER BY s.date, s.id
                """, arguments: arguments)
            return try rows.map(StoredSession.init(row:))
        }
    }

    /// Every session's full entry (for merging stores).
    public func entries() throws -> [SessionEntry] {
        try sessions().map { try $0.entry() }
    }

    /// Athlete names, sorted.
    public func athletes() throws -> [String] {
        try pool.read { try String.fetchAll($0, sql: "SELECT name FROM athlete ORDER BY name") }
    }

    /// Row counts, for summaries and consistency checks.
    public struct Counts: Sendable, Equatable, Codable {
        public var athletes: Int, sessions: Int, sets: Int, reps: Int
        public init(athletes: Int, sessions: Int, sets: Int, reps: Int) {
            self.athletes = athletes; self.sessions = sessions; self.sets = sets; self.reps = reps
        }
    }

    public func counts() throws -> Counts {
        try pool.read { db in
            Counts(athletes: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM athlete") ?? 0,
                   sessions: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM session") ?? 0,
                   sets: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM workoutSet") ?? 0,
                   reps: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rep") ?? 0)
        }
    }

    /// Runs SQLite's integrity and foreign-key checks and HipDrive's own invariants (each
    /// session's stored reps match its analysis); returns the problems found (empty = sound).
    public func consistencyProblems() throws -> [String] {
        try pool.read { db in
            var problems: [String] = []
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            if integrity != ["ok"] { problems += integrity }
            let fk = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
            if !fk.isEmpty { problems.append("\(fk.count) foreign-key violations") }
            let mismatched = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM session s WHERE s.totalReps !=
                  (SELECT COUNT(*) FROM rep r JOIN workoutSet w ON w.id = r.workoutSetId WHERE w.sessionId = s.id)
                  OR s.setCount != (SELECT COUNT(*) FROM workoutSet w WHERE w.sessionId = s.id)
                """) ?? 0
            if mismatched > 0 { problems.append("\(mismatched) sessions whose sets/reps are incomplete") }
            return problems
        }
    }
}

/// A session as read back from the store.
public struct StoredSession: Sendable, Equatable {
    public var id: Int64
    public var metadata: SessionMetadata
    public var sourcePath: String
    public var contentHash: String
    public var summary: SessionSummary
    public var softwareVersion: String
    public var analyzedAt: Date
    public var settingsJSON: String
    public var analysisJSON: String

    /// A session built in memory (tests, previews); `analysisJSON` must decode as a `SessionAnalysis`.
    public init(id: Int64, metadata: SessionMetadata, sourcePath: String, contentHash: String,
                summary: SessionSummary, softwareVersion: String = HipDriveVersion.string,
                analyzedAt: Date = Date(), settingsJSON: String = "{}", analysisJSON: String = "{}") {
        self.id = id
        self.metadata = metadata
        self.sourcePath = sourcePath
        self.contentHash = contentHash
        self.summary = summary
        self.softwareVersion = softwareVersion
        self.analyzedAt = analyzedAt
        self.settingsJSON = settingsJSON
        self.analysisJSON = analysisJSON
    }

    init(row: Row) throws {
        id = row["id"]
        let exerciseName: String = row["exercise"]
        let dateSourceName: String = row["dateSource"]
        metadata = SessionMetadata(
            athlete: row["athleteName"], date: row["date"],
            dateSource: DateSource(rawValue: dateSourceName) ?? .modificationTime,
            exercise: Exercise(rawValue: exerciseName) ?? .swing,
            massKg: row["massKg"], band: row["band"], placement: row["placement"])
        sourcePath = row["sourcePath"]
        contentHash = row["contentHash"]
        summary = SessionSummary(
            powerUnit: row["powerUnit"], peakPower: row["peakPower"], meanDrivePower: row["meanDrivePower"],
            powerLossPct: row["powerLossPct"], breakdownRep: row["breakdownRep"],
            totalWork: row["totalWork"], totalReps: row["totalReps"], setCount: row["setCount"])
        softwareVersion = row["softwareVersion"]
        analyzedAt = row["analyzedAt"]
        settingsJSON = row["settingsJSON"]
        analysisJSON = row["analysisJSON"]
    }

    /// The full analysis stored with the session.
    public func analysis() throws -> SessionAnalysis {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(SessionAnalysis.self, from: Data(analysisJSON.utf8))
    }

    /// The entry this session was saved from (used to merge stores).
    public func entry() throws -> SessionEntry {
        let settings = try JSONDecoder().decode(AnalysisSettings.self, from: Data(settingsJSON.utf8))
        return SessionEntry(metadata: metadata, sourcePath: sourcePath, contentHash: contentHash,
                            settings: settings, analysis: try analysis(), analyzedAt: analyzedAt)
    }
}
