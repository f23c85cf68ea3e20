import Foundation
import HipDriveRecordings

/// What the analysis needs besides the recording.
public struct AnalysisSettings: Sendable, Codable, Equatable {
    public var exercise: Exercise
    public var load: LoadSpecification
    /// Breakdown threshold as a fraction of the reference mean drive power (default 0.8).
    public var breakdownThreshold: Double
    /// Loss thresholds to mark, percent (default 10, 20, 30).
    public var lossThresholdsPct: [Double]

    public init(exercise: Exercise = .swing, load: LoadSpecification = LoadSpecification(),
                breakdownThreshold: Double = 0.8, lossThresholdsPct: [Double] = [10, 20, 30]) {
        self.exercise = exercise
        self.load = load
        self.breakdownThreshold = breakdownThreshold
        self.lossThresholdsPct = lossThresholdsPct
    }
}

/// Turns a clean recording into sets, reps, power and fatigue. PLACEHOLDER: the analysis issue
/// replaces this body.
public enum SessionAnalyzer {
    public static func analyze(_ recording: Recording, settings: AnalysisSettings) throws -> SessionAnalysis {
        throw AnalysisError.notBuilt
    }
}

public enum AnalysisError: Error, CustomStringConvertible, Sendable {
    case notBuilt
    public var description: String { "analysis not built yet" }
}
