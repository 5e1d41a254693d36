import Foundation

extension TuningReport {
    /// speedup.svg: each measured candidate's speedup over the original
    /// against its index, with the best so far as a step line. Self-contained
    /// SVG (no scripts, no external fonts); the y axis turns logarithmic when
    /// speedups span more than 10x. Any history, empty or all failed, gives a
    /// well-formed chart with finite coordinates.
    public static func speedupChartSVG(_ s: TuningSummary) -> String {
        SpeedupChart(summary: s).render()
    }
}

/// The geometry and drawing of speedup.svg.
private struct SpeedupChart {
    let summary: TuningSummary

    // Canvas and plot area, in SVG user units.
    let width = 820.0, height = 440.0
    let plotLeft = 72.0, plotRight = 640.0, plotTop = 56.0, plotBottom = 372.0

    static let colours = ["ok": "#1f77b4", "refused": "#d62728", "error": "#ff7f0e", "invalid": "#7f7f7f"]
    static let bestColour = "#2ca02c", originalColour = "#333333", defaultColour = "#9467bd"

    /// The candidates that were measured (duplicates reuse another's numbers and are not drawn).
    var plotted: [TuningHistoryEntry] {
        summary.history.filter { $0.status != "duplicate" }.sorted { $0.index < $1.index }
    }

    /// A speedup that can be drawn: finite and positive.
    static func drawable(_ value: Double?) -> Double? {
        guard let value, value.isFinite, value > 0 else { return nil }
        return value
    }

    // MARK: Scales

    var xDomain: (Double, Double) {
        let indices = plotted.map { Double($0.index) }
        guard let low = indices.min(), let high = indices.max() else { return (0.5, 1.5) }
        return (low - 0.5, high + 0.5)
    }

    /// The y range and whether it is logarithmic.
    var yScale: (low: Double, high: Double, log: Bool) {
        var values = plotted.compactMap { Self.drawable($0.speedup) } + plotted.compactMap { Self.drawable($0.bestSoFar) }
        values.append(1)
        if let defaultSpeedup = Self.drawable(summary.defaultSpeedup) { values.append(defaultSpeedup) }
        let low = values.min() ?? 1, high = values.max() ?? 1
        if high / low > 10 {
            return (low / 1.25, high * 1.25, true)
        }
        return (0, max(high * 1.1, 1.5), false)
    }

    func x(_ index: Double) -> Double {
        let (low, high) = xDomain
        return plotLeft + (index - low) / (high - low) * (plotRight - plotLeft)
    }

    func y(_ speedup: Double) -> Double {
        let scale = yScale
        let fraction: Double
        if scale.log {
            fraction = (log10(speedup) - log10(scale.low)) / (log10(scale.high) - log10(scale.low))
        } else {
            fraction = (speedup - scale.low) / (scale.high - scale.low)
        }
        return plotBottom - min(max(fraction, 0), 1) * (plotBottom - plotTop)
    }

    /// Tick values on the y axis: 1-2-5 steps, or decades (and 2, 5 within them when few) on a log axis.
    var yTicks: [Double] {
        let scale = yScale
        if scale.log {
            let first = Int(floor(log10(scale.low))), last = Int(ceil(log10(scale.high)))
            let decades = (first...last).map { pow(10, Double($0)) }
            let steps = decades.count <= 4 ? decades.flatMap { [$0, 2 * $0, 5 * $0] } : decades
            return steps.filter { $0 >= scale.low && $0 <= scale.high }
        }
        let step = Self.niceStep((scale.high - scale.low) / 6)
        return stride(from: 0, through: scale.high, by: step).map { $0 }
    }

    var xTicks: [Int] {
        let (low, high) = xDomain
        let step = max(1, Int(Self.niceStep((high - low) / 10).rounded(.up)))
        let first = Int(ceil(low / Double(step))) * step
        return stride(from: first, through: Int(floor(high)), by: step).filter { Double($0) >= low }
    }

    /// The 1, 2 or 5 times a power of ten nearest above `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(raw)))
        for factor in [1.0, 2, 5, 10] where factor * magnitude >= raw { return factor * magnitude }
        return 10 * magnitude
    }

    // MARK: Drawing

    func render() -> String {
        var svg: [String] = []
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\""
            + " viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"sans-serif\" font-size=\"12\">")
        svg.append("<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>")
        let title = "Speedup of \(summary.kernelName) over the original (\(summary.strategyID) on \(summary.backendID))"
        svg.append(text(title, x: width / 2, y: 28, anchor: "middle", extra: " font-size=\"15\" font-weight=\"bold\""))
        svg += axes()
        svg += referenceLines()
        svg += bestSoFarLine()
        svg += points()
        svg += legend()
        if plotted.isEmpty {
            svg.append(text("no candidates measured", x: (plotLeft + plotRight) / 2, y: (plotTop + plotBottom) / 2,
                            anchor: "middle", extra: " fill=\"#888888\""))
        } else if !plotted.contains(where: { $0.status == "ok" }) {
            svg.append(text("no candidate verified", x: (plotLeft + plotRight) / 2, y: (plotTop + plotBottom) / 2,
                            anchor: "middle", extra: " fill=\"#888888\""))
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n") + "\n"
    }

    func axes() -> [String] {
        var out: [String] = []
        out.append("<g stroke=\"#000000\" stroke-width=\"1\">")
        out.append(line(plotLeft, plotBottom, plotRight, plotBottom))
        out.append(line(plotLeft, plotTop, plotLeft, plotBottom))
        out.append("</g>")
        out.append("<g stroke=\"#e0e0e0\" stroke-width=\"1\">")
        for tick in yTicks { out.append(line(plotLeft, y(tick), plotRight, y(tick))) }
        out.append("</g>")
        for tick in yTicks {
            out.append(line(plotLeft - 5, y(tick), plotLeft, y(tick), attributes: " stroke=\"#000000\""))
            out.append(text(Self.tickLabel(tick), x: plotLeft - 8, y: y(tick) + 4, anchor: "end"))
        }
        for tick in xTicks {
            let position = x(Double(tick))
            out.append(line(position, plotBottom, position, plotBottom + 5, attributes: " stroke=\"#000000\""))
            out.append(text(String(tick), x: position, y: plotBottom + 18, anchor: "middle"))
        }
        out.append(text("candidate", x: (plotLeft + plotRight) / 2, y: plotBottom + 40, anchor: "middle"))
        let yLabel = "speedup over the original" + (yScale.log ? " (log scale)" : "")
        let middle = (plotTop + plotBottom) / 2
        out.append("<text x=\"\(n(20))\" y=\"\(n(middle))\" text-anchor=\"middle\""
            + " transform=\"rotate(-90 \(n(20)) \(n(middle)))\">\(escape(yLabel))</text>")
        return out
    }

    func referenceLines() -> [String] {
        var out = [line(plotLeft, y(1), plotRight, y(1), attributes: " stroke=\"\(Self.originalColour)\" stroke-width=\"1.5\"")]
        if let defaultSpeedup = Self.drawable(summary.defaultSpeedup) {
            out.append(line(plotLeft, y(defaultSpeedup), plotRight, y(defaultSpeedup),
                            attributes: " stroke=\"\(Self.defaultColour)\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\""))
        }
        return out
    }

    /// A step line: flat until a candidate improves on the best, then up.
    func bestSoFarLine() -> [String] {
        var path = ""
        var lastY: Double?
        for entry in plotted {
            guard let best = Self.drawable(entry.bestSoFar) else { continue }
            let pointX = x(Double(entry.index)), pointY = y(best)
            if lastY == nil {
                path = "M \(n(pointX)) \(n(pointY))"
            } else {
                path += " H \(n(pointX)) V \(n(pointY))"
            }
            lastY = pointY
        }
        guard lastY != nil else { return [] }
        path += " H \(n(plotRight))"
        return ["<path d=\"\(path)\" fill=\"none\" stroke=\"\(Self.bestColour)\" stroke-width=\"2\"/>"]
    }

    /// A dot per verified candidate; a small cross on the x axis per failed one.
    func points() -> [String] {
        var out: [String] = []
        for entry in plotted {
            let pointX = x(Double(entry.index))
            let colour = Self.colours[entry.status] ?? "#7f7f7f"
            let label = escape("\(entry.index) \(entry.candidateID): \(entry.status)"
                + (entry.speedup.map { " " + TuningFormat.speedup($0) } ?? ""))
            if entry.status == "ok", let speedup = Self.drawable(entry.speedup) {
                let hollow = entry.fromRecords ? " fill=\"#ffffff\" stroke=\"\(colour)\" stroke-width=\"1.5\"" : " fill=\"\(colour)\""
                out.append("<circle cx=\"\(n(pointX))\" cy=\"\(n(y(speedup)))\" r=\"4\"\(hollow)><title>\(label)</title></circle>")
            } else {
                let size = 4.0
                out.append("<path d=\"M \(n(pointX - size)) \(n(plotBottom - size)) L \(n(pointX + size)) \(n(plotBottom + size))"
                    + " M \(n(pointX - size)) \(n(plotBottom + size)) L \(n(pointX + size)) \(n(plotBottom - size))\""
                    + " stroke=\"\(colour)\" stroke-width=\"2\"><title>\(label)</title></path>")
            }
        }
        return out
    }

    func legend() -> [String] {
        var out: [String] = []
        let left = plotRight + 24
        var rowY = plotTop + 6
        func row(_ label: String, _ mark: String) {
            out.append(mark)
            out.append(text(label, x: left + 26, y: rowY + 4, anchor: "start"))
            rowY += 22
        }
        let statusCounts = Dictionary(plotted.map { ($0.status, 1) }, uniquingKeysWith: +)
        row("ok (\(statusCounts["ok"] ?? 0))", "<circle cx=\"\(n(left + 10))\" cy=\"\(n(rowY))\" r=\"4\" fill=\"\(Self.colours["ok"] ?? "")\"/>")
        if plotted.contains(where: { $0.status == "ok" && $0.fromRecords }) {
            row("ok, from records", "<circle cx=\"\(n(left + 10))\" cy=\"\(n(rowY))\" r=\"4\" fill=\"#ffffff\""
                + " stroke=\"\(Self.colours["ok"] ?? "")\" stroke-width=\"1.5\"/>")
        }
        for status in ["refused", "error", "invalid"] {
            let colour = Self.colours[status] ?? "#7f7f7f"
            row("\(status) (\(statusCounts[status] ?? 0))",
                "<path d=\"M \(n(left + 6)) \(n(rowY - 4)) L \(n(left + 14)) \(n(rowY + 4)) M \(n(left + 6)) \(n(rowY + 4))"
                    + " L \(n(left + 14)) \(n(rowY - 4))\" stroke=\"\(colour)\" stroke-width=\"2\"/>")
        }
        row("best so far", line(left, rowY, left + 20, rowY, attributes: " stroke=\"\(Self.bestColour)\" stroke-width=\"2\""))
        row("original (1.00x)", line(left, rowY, left + 20, rowY, attributes: " stroke=\"\(Self.originalColour)\" stroke-width=\"1.5\""))
        if let defaultSpeedup = Self.drawable(summary.defaultSpeedup) {
            row("default (\(TuningFormat.speedup(defaultSpeedup)))",
                line(left, rowY, left + 20, rowY,
                     attributes: " stroke=\"\(Self.defaultColour)\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\""))
        }
        return out
    }

    // MARK: Primitives

    static func tickLabel(_ value: Double) -> String {
        if value >= 10 || value == value.rounded() { return String(format: "%.0fx", value) }
        if value >= 0.1 { return String(format: "%gx", (value * 100).rounded() / 100) }
        return String(format: "%.2gx", value)
    }

    func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, attributes: String = "") -> String {
        "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\"\(attributes)/>"
    }

    func text(_ content: String, x: Double, y: Double, anchor: String, extra: String = "") -> String {
        "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\"\(extra)>\(escape(content))</text>"
    }

    /// A coordinate with one decimal; never NaN or infinite in the output.
    func n(_ value: Double) -> String {
        value.isFinite ? String(format: "%.1f", value) : "0"
    }

    /// Text safe inside an element or a double-quoted attribute; control
    /// characters XML 1.0 forbids are dropped.
    func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value >= 0x20 && !(0xFFFE...0xFFFF).contains(scalar.value) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
