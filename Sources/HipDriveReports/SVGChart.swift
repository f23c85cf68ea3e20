import Foundation

/// Small inline-SVG charts for the report: no scripts, no fonts or images from the network, so
/// the HTML file stands alone and prints as it shows.
struct SVGChart {
    enum Mark {
        /// Bars at x with heights y (category-like x such as rep index).
        case bars([(x: Double, y: Double)], color: String, label: String)
        case line([(x: Double, y: Double)], color: String, label: String, dashed: Bool = false)
        case points([(x: Double, y: Double)], color: String, label: String, radius: Double = 4)
        /// Horizontal reference line across the plot with a label at the right.
        case hLine(y: Double, color: String, label: String, dashed: Bool)
        /// Vertical marker with a label at the top.
        case vLine(x: Double, color: String, label: String)
    }

    var id: String
    var kind: String
    var title: String
    var xLabel: String
    var yLabel: String
    var marks: [Mark]
    var width = 640.0
    var height = 260.0
    var xTickFormat: (Double) -> String = { v in v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v) }
    var yIncludesZero = true
    var integerXTicks = false

    private let left = 62.0, right = 118.0, top = 44.0, bottom = 44.0

    func render() -> String {
        var xs: [Double] = [], ys: [Double] = []
        for mark in marks {
            switch mark {
            case let .bars(p, _, _): xs += p.map(\.x).flatMap { [$0 - 0.5, $0 + 0.5] }; ys += p.map(\.y)
            case let .line(p, _, _, _), let .points(p, _, _, _): xs += p.map(\.x); ys += p.map(\.y)
            case let .hLine(y, _, _, _): ys.append(y)
            case let .vLine(x, _, _): xs.append(x)
            }
        }
        guard var xMin = xs.min(), var xMax = xs.max(), var yMin = ys.min(), var yMax = ys.max() else {
            return "<p class=\"nochart\">No data for \(escape(title)).</p>"
        }
        if yIncludesZero { yMin = min(yMin, 0); yMax = max(yMax, 0) }
        // A single value gets a span wide enough for distinct round ticks (±3 x units, ±10 % of y),
        // otherwise ticks a fraction apart round to the same label.
        if xMax == xMin { xMin -= 3; xMax += 3 }
        if yMax == yMin { let pad = max(1, abs(yMax) * 0.1); yMin -= pad; yMax += pad }
        let yTicks = Self.niceTicks(yMin, yMax, count: 5)
        yMin = min(yMin, yTicks.first ?? yMin); yMax = max(yMax, yTicks.last ?? yMax)
        let plotW = width - left - right, plotH = height - top - bottom
        func px(_ x: Double) -> Double { left + (x - xMin) / (xMax - xMin) * plotW }
        func py(_ y: Double) -> Double { top + (1 - (y - yMin) / (yMax - yMin)) * plotH }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }

        var svg = "<svg class=\"chart\" id=\"\(id)\" data-chart=\"\(kind)\" xmlns=\"http://www.w3.org/2000/svg\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
        svg += "<title>\(escape(title))</title>"
        svg += "<text x=\"\(f(left))\" y=\"18\" class=\"ct\">\(escape(title))</text>"
        // Axes and grid.
        for t in yTicks {
            svg += "<line x1=\"\(f(left))\" x2=\"\(f(left + plotW))\" y1=\"\(f(py(t)))\" y2=\"\(f(py(t)))\" class=\"grid\"/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(py(t) + 4))\" class=\"tick\" text-anchor=\"end\">\(Self.label(t))</text>"
        }
        var xTicks = Self.niceTicks(xMin, xMax, count: 8)
        if integerXTicks { xTicks = Array(Set(xTicks.map { $0.rounded() })).sorted().filter { $0 >= xMin && $0 <= xMax } }
        for t in xTicks where t >= xMin && t <= xMax {
            svg += "<text x=\"\(f(px(t)))\" y=\"\(f(top + plotH + 16))\" class=\"tick\" text-anchor=\"middle\">\(escape(xTickFormat(t)))</text>"
        }
        svg += "<line x1=\"\(f(left))\" x2=\"\(f(left + plotW))\" y1=\"\(f(top + plotH))\" y2=\"\(f(top + plotH))\" class=\"axis\"/>"
        svg += "<line x1=\"\(f(left))\" x2=\"\(f(left))\" y1=\"\(f(top))\" y2=\"\(f(top + plotH))\" class=\"axis\"/>"
        svg += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 6))\" class=\"al\" text-anchor=\"middle\">\(escape(xLabel))</text>"
        svg += "<text transform=\"translate(14 \(f(top + plotH / 2))) rotate(-90)\" class=\"al\" text-anchor=\"middle\">\(escape(yLabel))</text>"
        let barWidth = plotW / max(1, (xMax - xMin)) * 0.7
        var labelYs: [Double] = []  // right-margin labels already placed, so close lines do not overprint
        func freeLabelY(_ y: Double) -> Double {
            var y = y
            while labelYs.contains(where: { abs($0 - y) < 11 }) { y += 11 }
            labelYs.append(y)
            return y
        }
        for mark in marks {
            switch mark {
            case let .bars(p, color, label):
                svg += "<g class=\"bars\" fill=\"\(color)\"><title>\(escape(label))</title>"
                for (x, y) in p {
                    let y0 = py(max(0, yMin)), y1 = py(y)
                    svg += "<rect x=\"\(f(px(x) - barWidth / 2))\" y=\"\(f(min(y0, y1)))\" width=\"\(f(barWidth))\" height=\"\(f(abs(y0 - y1)))\"/>"
                }
                svg += "</g>"
            case let .line(p, color, label, dashed):
                let d = p.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
                svg += "<polyline points=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(dashed ? " stroke-dasharray=\"6 4\"" : "")><title>\(escape(label))</title></polyline>"
            case let .points(p, color, label, radius):
                svg += "<g fill=\"\(color)\"><title>\(escape(label))</title>"
                for (x, y) in p { svg += "<circle cx=\"\(f(px(x)))\" cy=\"\(f(py(y)))\" r=\"\(f(radius))\"/>" }
                svg += "</g>"
            case let .hLine(y, color, label, dashed):
                svg += "<line x1=\"\(f(left))\" x2=\"\(f(left + plotW))\" y1=\"\(f(py(y)))\" y2=\"\(f(py(y)))\" stroke=\"\(color)\" stroke-width=\"1.5\"\(dashed ? " stroke-dasharray=\"5 4\"" : "")/>"
                svg += "<text x=\"\(f(left + plotW + 4))\" y=\"\(f(freeLabelY(py(y) + 4)))\" class=\"ml\" fill=\"\(color)\">\(escape(label))</text>"
            case let .vLine(x, color, label):
                svg += "<line x1=\"\(f(px(x)))\" x2=\"\(f(px(x)))\" y1=\"\(f(top))\" y2=\"\(f(top + plotH))\" stroke=\"\(color)\" stroke-width=\"2\"/>"
                svg += "<text x=\"\(f(px(x) + 4))\" y=\"\(f(top + 12))\" class=\"ml\" fill=\"\(color)\">\(escape(label))</text>"
            }
        }
        // Legend for series marks, in a row under the title.
        var lx = left
        for mark in marks {
            let entry: (String, String)?
            switch mark {
            case let .bars(_, c, l), let .line(_, c, l, _), let .points(_, c, l, _): entry = (c, l)
            default: entry = nil
            }
            guard let (color, label) = entry, !label.isEmpty else { continue }
            svg += "<rect x=\"\(f(lx))\" y=\"25\" width=\"10\" height=\"10\" fill=\"\(color)\"/>"
            svg += "<text x=\"\(f(lx + 14))\" y=\"34\" class=\"ml\">\(escape(label))</text>"
            lx += Double(label.count) * 6.2 + 30
        }
        return svg + "</svg>"
    }

    /// Round tick values (1, 2, 5 × 10^k steps) covering [lo, hi].
    static func niceTicks(_ lo: Double, _ hi: Double, count: Int) -> [Double] {
        guard hi > lo, lo.isFinite, hi.isFinite else { return [lo] }
        let raw = (hi - lo) / Double(max(1, count))
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var ticks: [Double] = []
        var t = floor(lo / step) * step
        while t <= hi + step * 0.5 && ticks.count < 50 { ticks.append(t); t += step }
        return ticks
    }

    static func label(_ v: Double) -> String {
        abs(v) >= 100 || v == v.rounded() ? String(Int(v.rounded())) : String(format: "%.2g", v)
    }
}

/// Escapes text for HTML and SVG.
func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
