import Foundation

// Accelerometer-only swings: the floats, not the turnarounds between them.
//
// The floats of a set are found as the deepest minima of |f| averaged over a third of a rep
// (AccelerometerOnlyCounting.swift), each keeping the others most of a period away. A sensor off
// the bell's axis (on the ball's side, or on the handle) also reads the bell's turn: ω²·r on top
// of the load. At an American swing's overhead float the bell flips over the hands, and a sensor
// 0.1 m off its centre reads 1.3–1.8 g there, more than the 1.3–1.5 g the average holds around
// the turnaround (independent simulator seed 430, session 43000037: American, 20 kg, sensor on
// the side, the float's average 1.77 g, the turnaround's 1.45 g). The deepest minima were then the
// turnarounds, one a period, and they pass for floats on their own: the arm stops 55–65° behind
// the legs, where the load along it, g·cos θ, is 0.4–0.55 g, under a float's bound. Every rep was
// placed half a period late, from float to float, and the first was lost (9 of 10 reps, none
// within 0.4 s of its turnaround).
//
// The float is the top of the arc: there the load along the arm, g·cos θ plus what the hands
// pull, is the least of the whole rep, and it stays low while the bell hangs near its apex.
// Near zero the bell is in free flight, and below zero the hands push it (an overhead float);
// behind the legs the hands pull on the bell they are about to drive (`hikeStopLeastLoad`,
// 0.15 g), and the stop there is a brief dip between two bottom passes. So a chosen float whose
// load, held over ±`floatHoldS`, stays above a float's bound (`floatLoadBound`: the turnarounds
// above held 0.71–0.89 g) is a dip, not a float, and when the minima half a period between such
// dips hold a load under `hikeStopLeastLoad`, and hold it as a float does (`floatHoldTolerance`),
// those are the floats and the dips the turnarounds.
// (Both tests are needed: a Russian swing that only floats to 60–70° holds 0.15–0.55 g at its
// floats, and a watch or a bell turning in the grip can read the turnaround's dip near zero:
// independent simulator seeds 431, 432 and 434, wrists and a side-mounted 8 kg bell.)
// A heavier bell's flip can hide the float from the |f| average altogether (no minimum between
// the turnarounds' dips: independent simulator seed 507, session 50700000, American, 28 kg,
// sensor on the side, turnarounds held at 0.93–0.98 g, the floats between at 0.16–0.44 g, read
// 1 s late and one rep lost per set). Between two such stops the float is then looked for where
// the held load itself is least (`leastHeldLoad`), and taken when it holds a float's load.
// The stops need not pass for floats at all: with the arm 45–60° behind the legs and the hands
// pulling, the load along it can stay above a float's bound, and the deepest minima of the
// average are then no floats (independent simulator seed 636, session 63600012: American, 28 kg,
// 50 Hz, sensor on the ball's side turning in the grip; the stops held 0.81–0.91 g along the arm
// at averages of 1.77–1.84 g, the floats between them 0.02–0.12 g at 1.98–2.5 g: the set of 17
// was found as 3 and 2, the 12 reps between lost). After the floats' own chain, such stops (a
// bottom pass on either side, no park, inside the set) are chained alike, on a stricter reading
// of the floats between them (`stopsOverFloats`).

/// A float-like minimum of the averaged |f|: its sample, the least load along the arm near it
/// (`load`, averaged over 50 ms) and the least held over ±`MotionRepFinder.floatHoldS`
/// (`heldLoad`), m/s².
protocol FloatLikeMinimum {
    var index: Int { get }
    var heldLoad: Double { get }
    var load: Double { get }
}

extension MotionRepFinder {
    /// Largest rise of a float's load held over ±`floatHoldS` above its least (50 ms), m/s²
    /// (0.2 g). At a float the bell turns at a pendulum's rate and the load along the arm changes
    /// by about 0.2 g within 0.1 s of the apex (see `floatHoldS`), so its average over ±0.1 s stays
    /// within that of its least (the overhead floats above: 0.08–0.13 g). The hips' snap right
    /// after the stop behind the legs cancels the load for a few tens of milliseconds between two
    /// passes, and held over ±0.1 s it reads far higher than its least (a tired swing's
    /// turnarounds at the centre of mass: −0.39 and −0.32 g least, 0.12 and 0.14 g held,
    /// independent simulator seed 436, session 43600031, which would otherwise have stood as floats
    /// between true low floats held at 0.66 g, just over the float's bound).
    static let floatHoldTolerance = 0.2 * standardGravity

    /// Share of the spacing of two chosen floats at each end left out when looking for a float
    /// between them: the minimum that belongs half a period between two turnarounds.
    static let interleavedFloatMargin = 0.3

    /// A float's load held between stops that pass for no float at all, m/s²: g·cos 70°. The arm
    /// past 70° is a float by any swing's measure (a Russian float reaches 80–90°), while a tired
    /// swing's turnaround can dip to 0.5 g along the arm between low floats (`stopsOverFloats`).
    static let clearFloatLoad = standardGravity * cos(70 * Double.pi / 180)

    /// `chosen` with the floats that hold no float's load replaced by the float-like
    /// minima of `evaluated` between them, and half a rep before and after each run of such
    /// stops, where those read like floats (see the top of this file); else `chosen` unchanged.
    /// Run by run: a set can change within itself (a breakdown lowers the swing, and the floats
    /// after it read as floats again). `isFloat` says which minima may be a rep's float at all;
    /// `periodSamples` is the set's rep period; `leastHeldLoad` gives the float-like reading at the
    /// least held load within a range, for a stretch with no minimum of the average.
    func floatsOverTurnarounds<Minimum: FloatLikeMinimum>(_ chosen: [Minimum], among evaluated: [Minimum],
                                                          isFloat: (Minimum) -> Bool, periodSamples: Double,
                                                          leastHeldLoad: (ClosedRange<Int>) -> Minimum?) -> [Minimum] {
        replacingStops(in: chosen, chain: chosen.filter(isFloat), among: evaluated, isFloat: isFloat,
                       periodSamples: periodSamples, strict: false, leastHeldLoad: leastHeldLoad)
    }

    /// `chosen` with the stops that pass for no float at all (`isSwingStop`: a bottom pass on
    /// either side, no park, inside the set) replaced as `floatsOverTurnarounds` replaces
    /// float-like ones, where clear floats stand between them: a minimum of the average that
    /// holds a float's load as a float does, or, with none there, the least held load when it is
    /// under `clearFloatLoad` (the arm past 70°) and held (`floatHoldTolerance`). The float's
    /// bound alone took a tired swing's turnaround dip (0.48–0.58 g held) between low floats
    /// that pass for no float (0.75–0.83 g held, the arm short of 50° after a breakdown:
    /// independent simulator seed 636 session 63600085, set 1), and without the hold a snap at
    /// the turnaround (0.24–0.34 g held, −0.13…0.09 g least) between tired Russian floats
    /// (0.67–0.78 g held: seeds 590, 610, 581). Run after `floatsOverTurnarounds`, on its result.
    func stopsOverFloats<Minimum: FloatLikeMinimum>(_ chosen: [Minimum], among evaluated: [Minimum],
                                                    isFloat: (Minimum) -> Bool, isSwingStop: (Minimum) -> Bool,
                                                    periodSamples: Double,
                                                    leastHeldLoad: (ClosedRange<Int>) -> Minimum?) -> [Minimum] {
        replacingStops(in: chosen, chain: chosen.filter { !isFloat($0) && isSwingStop($0) }, among: evaluated,
                       isFloat: isFloat, periodSamples: periodSamples, strict: true, leastHeldLoad: leastHeldLoad)
    }

    /// The work of `floatsOverTurnarounds` and `stopsOverFloats`: `chain` (of `chosen`) is the
    /// stops that may be replaced; `strict` reads the floats between them as `stopsOverFloats`
    /// says.
    private func replacingStops<Minimum: FloatLikeMinimum>(in chosen: [Minimum], chain unsorted: [Minimum],
                                                           among evaluated: [Minimum], isFloat: (Minimum) -> Bool,
                                                           periodSamples: Double, strict: Bool,
                                                           leastHeldLoad: (ClosedRange<Int>) -> Minimum?) -> [Minimum] {
        let chain = unsorted.sorted { $0.index < $1.index }
        guard chain.count >= 3 else { return chosen }   // at least two pairs must hold a float between them (below)
        let candidates = evaluated.filter {
            isFloat($0) && $0.heldLoad < Self.hikeStopLeastLoad && $0.heldLoad - $0.load <= Self.floatHoldTolerance
        }
        func leastLoad(in range: ClosedRange<Int>) -> Minimum? {
            if let found = candidates.filter({ range.contains($0.index) }).min(by: { $0.heldLoad < $1.heldLoad }) { return found }
            if strict {
                return leastHeldLoad(range).flatMap {
                    isFloat($0) && $0.heldLoad < Self.clearFloatLoad && $0.heldLoad - $0.load <= Self.floatHoldTolerance ? $0 : nil
                }
            }
            // No minimum of the averaged |f| there: an overhead float read through the bell's flip
            // (1.3–1.8 g on a sensor off the axis) need not dip the average at all, so the float is
            // looked for where the load along the arm, held over ±`floatHoldS`, is least; it is
            // held by construction, and between two stops that hold more than any float does it
            // must hold a float's load (under `floatLoadBound`, the arm past 50°).
            return leastHeldLoad(range).flatMap { isFloat($0) && $0.heldLoad < floatLoadBound ? $0 : nil }
        }
        let stopLike = chain.map { $0.heldLoad >= floatLoadBound }
        // Between two rep-spaced stops that read like the legs': a float half a period between?
        var between: [Int: Minimum] = [:]   // keyed by the pair's first position in `chain`
        var pairs = 0
        for k in chain.indices.dropLast() where stopLike[k] && stopLike[k + 1] {
            let (a, b) = (chain[k].index, chain[k + 1].index)
            let gap = Double(b - a)
            guard Self.lowSwingSpacing.contains(gap / periodSamples) else { continue }
            pairs += 1
            let margin = Int(Self.interleavedFloatMargin * gap)
            if let float = leastLoad(in: (a + margin)...(b - margin)) { between[k] = float }
        }
        // Two thirds of such pairs, and at least two, must hold a float between them.
        guard between.count >= 2, 3 * between.count >= 2 * pairs else { return chosen }
        // The stops to replace, in runs of consecutive chain positions.
        var replaced = Set<Int>()
        for k in between.keys { replaced.insert(k); replaced.insert(k + 1) }
        var added = Array(between.values)
        let positions = replaced.sorted()
        var runs: [[Int]] = []
        for k in positions {
            if let last = runs.last?.last, last == k - 1 { runs[runs.count - 1].append(k) } else { runs.append([k]) }
        }
        // The floats half a rep before a run's first stop and after its last, where no float of
        // the chain already stands.
        for run in runs where run.count >= 2 {
            let spacing = Double(chain[run.last!].index - chain[run.first!].index) / Double(run.count - 1)
            let reach = Int(Self.interleavedFloatMargin * spacing), half = Int(0.5 * spacing)
            // Every chosen minimum that stays (the floats too, when only the stops were chained).
            let stays = Set(chain.indices.filter { !replaced.contains($0) }.map { chain[$0].index })
            let chained = Set(chain.map(\.index))
            let kept = chosen.map(\.index).filter { index in stays.contains(index) || (strict && !chained.contains(index)) }
            for centre in [chain[run.first!].index - half, chain[run.last!].index + half] {
                guard let float = leastLoad(in: (centre - reach)...(centre + reach)),
                      kept.allSatisfy({ abs($0 - float.index) > half }) else { continue }
                added.append(float)
            }
        }
        if Self.debug {
            print("accelerometer-only floats: stops behind the legs taken for floats at", positions.map { chain[$0].index },
                  "(held loads", positions.map { chain[$0].heldLoad / standardGravity }, "g); the floats",
                  added.map(\.index).sorted(), "(", added.sorted { $0.index < $1.index }.map { ($0.heldLoad / standardGravity, $0.load / standardGravity) }, "g)")
        }
        let removed = Set(positions.map { chain[$0].index })
        var result = chosen.filter { !removed.contains($0.index) }
        for float in added where !result.contains(where: { $0.index == float.index }) { result.append(float) }
        return result
    }
}

// Stops chosen between two floats. The chain is chosen deepest first, each minimum keeping the
// others `floatSpacingShare` of a period away, so a stop behind the legs whose averaged |f| reads
// deeper than the floats either side of it keeps both out: on a sensor at the bell's centre of
// mass at 4 g range, the stop at 17.80 s (average 1.33 g, 0.78 g along the arm) beat the floats at
// 17.05 and 18.57 s (1.46 and 1.39 g average, 0.10 and 0.07 g along the arm), the chain went on
// from 15.44 s to 17.80 s to 20.19 s, 1.44 of the set's rhythm apart, which still reads as a low
// swing's spacing, and the three reps there were counted as two; in set 2 two such stops in a
// row lost two more (independent simulator seed 668, session 66800011, Russian, one hand, 24 kg:
// 19 of 20, 10 of 12). A run of stops whose load along the arm is no float's, with floats chained on both sides,
// yields to the floats between those two when the floats, and not the stops, continue the chain
// in the set's rhythm.

extension MotionRepFinder {
    /// Largest departure of a float's spacing from the set's rhythm for the floats that replace
    /// stops (`floatsBesideStops`), as a share of the rhythm: a quarter, the cadence's largest
    /// change from one rep to the next (`lowSwingSpacing`'s lower end).
    static let besideStopRhythmTolerance = 0.25

    /// `chosen` with each run of minima that `isFloat` rejects, between two chosen floats and
    /// spaced out of the set's rhythm (some spacing departs from it by more than
    /// `besideStopRhythmTolerance`), replaced by the floats of `evaluated` between those two
    /// floats, holding a float's load over ±`floatHoldS` (under `floatLoadBound`, the arm past
    /// 50°) with no brief push below −`hikeStopLeastLoad` (a snap), that space the stretch in the
    /// rhythm, nearest the rhythm where several do. The rhythm is the median spacing of the
    /// chosen floats, which must number at least three. With `openingStop` (bells), also the run
    /// of stops before the first chosen float that it admits (see in the body).
    func floatsBesideStops<Minimum: FloatLikeMinimum>(_ chosen: [Minimum], among evaluated: [Minimum],
                                                      isFloat: (Minimum) -> Bool,
                                                      openingStop: ((Minimum) -> Bool)? = nil) -> [Minimum] {
        let sorted = chosen.sorted { $0.index < $1.index }
        let floats = sorted.filter(isFloat).map(\.index)
        guard floats.count >= 3,
              let rhythm = SignalMath.median(zip(floats, floats.dropFirst()).map { Double($1 - $0) }), rhythm > 0 else { return chosen }
        func departure(_ gap: Int) -> Double { abs(log(Double(gap) / rhythm)) }
        let tolerance = -log(1 - Self.besideStopRhythmTolerance)   // the stricter side, ln(4/3)
        let chosenIndices = Set(sorted.map(\.index))
        // A float's load, held; and no brief push: the hips' snap right after a stop can cancel
        // the load along the arm for a few tens of milliseconds and drive it below zero, where a
        // float in front stays near zero or above and an overhead float's push is held
        // (independent simulator seed 433, session 43300015, tired reps after a breakdown: snaps
        // at −0.39 and −0.23 g least, held well above, taken for floats 0.8 of the rhythm apart).
        let clear = evaluated.filter {
            isFloat($0) && !chosenIndices.contains($0.index) && $0.heldLoad < floatLoadBound
                && ($0.load >= -Self.hikeStopLeastLoad || $0.heldLoad - $0.load <= Self.floatHoldTolerance)
        }.sorted { $0.index < $1.index }
        var removed = Set<Int>()
        var added: [Minimum] = []
        var k = 0
        while k < sorted.count {
            // A run of rejected minima from k to the next chosen float.
            guard k > 0, isFloat(sorted[k - 1]), !isFloat(sorted[k]) else { k += 1; continue }
            var end = k
            while end < sorted.count, !isFloat(sorted[end]) { end += 1 }
            guard end < sorted.count else { break }
            let (before, after) = (sorted[k - 1], sorted[end])
            let stops = Array(sorted[k..<end])
            k = end
            let marks = [before.index] + stops.map(\.index) + [after.index]
            guard !zip(marks, marks.dropFirst()).allSatisfy({ departure($1 - $0) <= tolerance }) else { continue }
            // The chain of floats from `before` to `after`, every spacing in the rhythm, least
            // total departure from it (a shortest path over the floats in order).
            let nodes = [before.index] + clear.filter { $0.index > before.index && $0.index < after.index }.map(\.index) + [after.index]
            var cost = [Double](repeating: .infinity, count: nodes.count)
            var from = [Int](repeating: -1, count: nodes.count)
            cost[0] = 0
            for j in 1..<nodes.count {
                for i in 0..<j where cost[i].isFinite {
                    let d = departure(nodes[j] - nodes[i])
                    if d <= tolerance, cost[i] + d < cost[j] { cost[j] = cost[i] + d; from[j] = i }
                }
            }
            guard cost[nodes.count - 1].isFinite else { continue }
            var path: [Int] = []
            var j = from[nodes.count - 1]
            while j > 0 { path.append(nodes[j]); j = from[j] }
            guard !path.isEmpty else { continue }
            if Self.debug {
                print("accelerometer-only stops", stops.map { Double($0.index) / trace.sampleRate }, "(local) between the floats at",
                      Double(before.index) / trace.sampleRate, Double(after.index) / trace.sampleRate,
                      "yield to the floats", path.reversed().map { Double($0) / trace.sampleRate })
            }
            removed.formUnion(stops.map(\.index))
            added += clear.filter { path.contains($0.index) }
        }
        // The set's opening, on a bell (`openingStop`): the run of stops before the first chosen
        // float, out of the rhythm with it, gives way the same way to the floats back from that
        // float, one rep at a time, as long as one lies in the rhythm (from three quarters of a
        // rep before the first stop: the first rep's float comes before its turnaround's stop).
        // A big ball with the sensor on its side reads the overhead float through the bell's flip
        // (average |f| 1.33–1.40 g) no lower than the turnaround's stop (1.31–1.35 g, held 0.89 g
        // along the arm, no float), and a set's opening two stops were chosen, 2.38 s apart and
        // 1.76 s before the first chosen float (the set's rhythm 2.45 s): the first two reps were
        // lost (independent simulator seed 689 session 68900029 at 100 Hz, American, one hand,
        // 28 kg, set 2: 17 of 19). No chosen float stands before the run here, so the test
        // against a brief push (`clear`) is left out: the floats are overhead, and an overhead
        // float's held load may rise 0.22 g over its least (those two: −0.95 least, −0.73 g held);
        // a snap would lie half a rep from the floats, out of the rhythm. The stops must hold no
        // float's load (`floatLoadBound`), and not be the hike's (the caller's `openingStop`: the
        // hike's stop stays, and at 25 Hz it held 0.66 g, over the bound, and asked for a third
        // float where there is none), and the floats found must be at least as many as the
        // stops (a stop can stand where two reps' floats were: seed 690 session 69000019, the
        // ball's side, 8 kg, set 1: one stop, two floats, 13 → 15 of 16; requiring as many
        // exactly, tried, kept 13). Not
        // on a watch: before its set the pick-up and the hike read a float's load on the forearm,
        // and HipDrive's own sweeps (`simulate_sweep.py --mode swing --seed 1|2`) counted three of
        // them as reps before their sets.
        if let openingStop, let first = sorted.firstIndex(where: isFloat), first > 0 {
            let after = sorted[first]
            let stops = sorted[..<first].filter { !isFloat($0) && $0.heldLoad >= floatLoadBound && openingStop($0) }
            let marks = stops.map(\.index) + [after.index]
            if !stops.isEmpty, !zip(marks, marks.dropFirst()).allSatisfy({ departure($1 - $0) <= tolerance }) {
                let floatsBefore = evaluated.filter {
                    isFloat($0) && $0.heldLoad < floatLoadBound && !chosenIndices.contains($0.index)
                        && $0.index >= stops[0].index - Int(0.75 * rhythm)
                }
                var path: [Minimum] = []
                var current = after.index
                while let next = floatsBefore.filter({ $0.index < current && departure(current - $0.index) <= tolerance })
                    .min(by: { departure(current - $0.index) < departure(current - $1.index) }) {
                    path.append(next)
                    current = next.index
                }
                if path.count >= stops.count {
                    if Self.debug {
                        print("accelerometer-only opening stops", stops.map { Double($0.index) / trace.sampleRate }, "(local) before the float at",
                              Double(after.index) / trace.sampleRate, "yield to the floats", path.reversed().map { Double($0.index) / trace.sampleRate })
                    }
                    removed.formUnion(stops.map(\.index))
                    added += path
                }
            }
        }
        guard !removed.isEmpty else { return chosen }
        return sorted.filter { !removed.contains($0.index) } + added
    }
}
