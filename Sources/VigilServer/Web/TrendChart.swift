import Foundation
import VigilCore
import VigilMonitor

typealias LifecycleMetricsPoint = LifecycleMetrics.HistoryPoint

/// A product's open findings over time as an SVG line chart: one line per severity (critical, high, medium, low)
/// over its evaluation history, with the dates and counts as labels. Built from numbers and fixed strings only.
enum TrendChart {
    static let severities: [(name: String, colour: String)] = [
        ("critical", "#a40e26"), ("high", "#bc4c00"), ("medium", "#9a6700"), ("low", "#0969da"),
    ]

    static func svg(_ history: [LifecycleMetricsPoint], width: Int = 720, height: Int = 220) -> String {
        guard !history.isEmpty else {
            return #"<p class="hint">No evaluations yet: the chart starts with the first one.</p>"#
        }
        let left = 40.0
        let right = 110.0
        let top = 12.0
        let bottom = 28.0
        let plotWidth = Double(width) - left - right
        let plotHeight = Double(height) - top - bottom
        let peak = max(
            1,
            history.map { point in severities.map { point.openBySeverity[$0.name, default: 0] }.max() ?? 0 }.max() ?? 1)
        func x(_ index: Int) -> Double {
            history.count == 1 ? left + plotWidth / 2 : left + plotWidth * Double(index) / Double(history.count - 1)
        }
        func y(_ value: Int) -> Double { top + plotHeight * (1 - Double(value) / Double(peak)) }
        func number(_ value: Double) -> String { String(format: "%.1f", value) }
        var svg =
            #"<svg xmlns="http://www.w3.org/2000/svg" role="img" width="\#(width)" height="\#(height)" viewBox="0 0 \#(width) \#(height)">"#
        svg +=
            "<title>Open findings by severity, \(escape(history.first!.date)) to \(escape(history.last!.date))</title>"
        svg +=
            #"<rect x="\#(number(left))" y="\#(number(top))" width="\#(number(plotWidth))" height="\#(number(plotHeight))" fill="white" stroke="silver"/>"#
        for tick in Set([0, peak / 2, peak]).sorted() {
            svg += #"<text x="\#(number(left - 6))" y="\#(number(y(tick) + 4))" text-anchor="end">\#(tick)</text>"#
        }
        let labelled = Set([0, history.count / 2, history.count - 1])
        for index in labelled.sorted() {
            svg +=
                #"<text x="\#(number(x(index)))" y="\#(height - 8)" text-anchor="middle">\#(escape(history[index].date))</text>"#
        }
        for (position, severity) in severities.enumerated() {
            let points = history.enumerated().map { index, point in
                "\(number(x(index))),\(number(y(point.openBySeverity[severity.name, default: 0])))"
            }
            if history.count == 1 {
                let value = history[0].openBySeverity[severity.name, default: 0]
                svg += #"<circle cx="\#(number(x(0)))" cy="\#(number(y(value)))" r="3" fill="\#(severity.colour)"/>"#
            } else {
                svg +=
                    #"<polyline fill="none" stroke="\#(severity.colour)" stroke-width="2" points="\#(points.joined(separator: " "))"/>"#
            }
            let latest = history.last!.openBySeverity[severity.name, default: 0]
            let legendY = top + 14 + Double(position) * 18
            svg +=
                #"<rect x="\#(number(Double(width) - right + 12))" y="\#(number(legendY - 9))" width="10" height="10" fill="\#(severity.colour)"/>"#
            svg +=
                #"<text x="\#(number(Double(width) - right + 28))" y="\#(number(legendY))">\#(severity.name) \#(latest)</text>"#
        }
        return svg + "</svg>"
    }

    static func escape(_ text: String) -> String { HTMLText.escape(text) }
}
