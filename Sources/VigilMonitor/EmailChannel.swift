public import Foundation
public import VigilCore

/// Alerts by e-mail: one plain-text message per alert over SMTP with STARTTLS (required), the server's certificate
/// verified, AUTH PLAIN only over TLS. The subject is the alert's summary; `Message-ID` and `X-Vigil-Alert-ID` carry
/// the alert's id, so a repeated delivery is recognisable; the body has the summary and the alert's JSON.
public struct EmailChannel: AlertChannel {
    public let name = "email"
    public let attempts: Int
    public let backoff: TimeInterval
    let settings: MonitorConfiguration.Email

    public init(_ settings: MonitorConfiguration.Email) {
        self.settings = settings
        attempts = settings.attempts
        backoff = settings.backoff
    }

    public func deliver(_ alert: Alert, body: [UInt8], attempt: Int) async throws {
        let message = Self.message(alert, body: body, from: settings.from, to: settings.to, date: Date())
        let client = SMTPClient(
            host: settings.host, port: settings.port, timeout: settings.timeout, caFile: settings.caFile,
            username: settings.username, password: settings.password)
        let (from, to) = (settings.from, settings.to)
        // Blocking socket I/O, off the cooperative threads.
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            DispatchQueue.global().async {
                do {
                    try client.send(from: from, to: to, message: message)
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: DeliveryError(description: "e-mail: \(error)"))
                }
            }
        }
    }

    /// The message: headers (no line breaks can get into one) and the body, CRLF line ends.
    static func message(_ alert: Alert, body: [UInt8], from: String, to: [String], date: Date) -> String {
        func header(_ text: String) -> String {
            // `\r\n` is one Character: every kind of line break becomes a space, so nothing can start a header;
            // at most 900 bytes, under SMTP's 998 per line.
            var result = ""
            for character in text.map({ $0.isNewline ? " " : $0 }) {
                guard result.utf8.count + String(character).utf8.count <= 900 else { break }
                result.append(character)
            }
            return result
        }
        // The JSON pretty-printed: no line near SMTP's limit, whatever the alert holds.
        let json =
            (try? JSONSerialization.jsonObject(with: Data(body))).flatMap {
                try? JSONSerialization.data(withJSONObject: $0, options: [.prettyPrinted, .sortedKeys])
            }.map { String(decoding: $0, as: UTF8.self) } ?? ""
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        let lines = [
            "From: \(header(from))", "To: \(header(to.joined(separator: ", ")))",
            "Subject: \(header("[vigil] " + alert.summary))", "Date: \(formatter.string(from: date))",
            "Message-ID: <\(alert.id)@vigil>", "X-Vigil-Alert-ID: \(alert.id)", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "",
            header(alert.summary), "", "The alert as JSON (vigil.alert/1):",
            json.replacingOccurrences(of: "\n", with: "\r\n"),
        ]
        return lines.joined(separator: "\r\n")
    }
}
