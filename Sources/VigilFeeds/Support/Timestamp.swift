public import Foundation

/// The one timestamp form Vigil writes into the database and its reports: ISO 8601 in UTC with milliseconds,
/// `2026-11-28T01:00:00.000Z`, which sorts as text in time order.
public enum Timestamp {
    /// An ISO 8601 time as ``string(_:)`` writes it (UTC, milliseconds), from any offset and with or without
    /// fractional seconds; a date alone is its midnight UTC. Nil for anything else.
    public static func normalised(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime],
            [.withFullDate],
        ] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            formatter.timeZone = TimeZone(identifier: "UTC")
            if let date = formatter.date(from: trimmed) { return string(date) }
        }
        return nil
    }

    public static func string(_ date: Date = Date()) -> String {
        date.formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)
        ).replacingOccurrences(of: "+0000", with: "Z")
    }

    /// The time a ``string(_:)`` (or any ISO 8601 time ``normalised(_:)`` reads) names; nil for anything else.
    public static func date(from text: String) -> Date? {
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime],
        ] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
