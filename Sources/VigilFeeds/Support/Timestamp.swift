public import Foundation

/// The one timestamp form Vigil writes into the database and its reports: ISO 8601 in UTC with milliseconds,
/// `2026-11-28T01:00:00.000Z`, which sorts as text in time order.
public enum Timestamp {
    public static func string(_ date: Date = Date()) -> String {
        date.formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)
        ).replacingOccurrences(of: "+0000", with: "Z")
    }
}
