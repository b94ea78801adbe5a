import Foundation
import Testing
import VigilTesting

/// `vigil product` and `vigil release` as a product-security team keeps its portfolio.
@Suite struct PortfolioEndToEndTests {
    @Test("products and releases added, listed, shown, updated and compared; bad input refused with the reason")
    func portfolio() async throws {
        let (directory, db, sbom) = try await ScanEndToEndTests.fixture()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try VigilProcess.run(["product", "add", "pump", "--description", "IP-200", "--db", db]).status == 0)
        let twice = try VigilProcess.run(["product", "add", "pump", "--db", db])
        #expect(twice.status == 2 && twice.standardError.contains("exists already"))

        let added = try VigilProcess.run([
            "release", "add", "pump", "1.0", "--sbom", sbom, "--db", db, "--devices", "1200", "--end-of-support",
            "2030-12-31",
        ])
        #expect(added.status == 0, "\(added.standardError)")
        // The next release upgrades OpenSSL past Heartbleed and adds zlib.
        let text = try String(contentsOfFile: sbom, encoding: .utf8)
        let next = directory.appending(path: "next.cdx.json").path
        try Data(text.replacing("1.0.1f", with: "1.0.2").utf8).write(to: URL(filePath: next))
        #expect(try VigilProcess.run(["release", "add", "pump", "2.0", "--sbom", next, "--db", db]).status == 0)
        let notSBOM = directory.appending(path: "notes.txt").path
        try Data("release notes".utf8).write(to: URL(filePath: notSBOM))
        let refused = try VigilProcess.run(["release", "add", "pump", "3.0", "--sbom", notSBOM, "--db", db])
        #expect(refused.status == 2 && refused.standardError.contains("not an SBOM"))
        let orphan = try VigilProcess.run(["release", "add", "ventilator", "1", "--sbom", sbom, "--db", db])
        #expect(orphan.status == 2 && orphan.standardError.contains("vigil product add"))
        let badSupport = try VigilProcess.run([
            "release", "add", "pump", "4", "--sbom", sbom, "--support", "eol", "--db", db,
        ])
        #expect(badSupport.status == 64 && badSupport.standardError.contains("security-only"))

        let list = try VigilProcess.run(["product", "list", "--db", db, "--format", "json"])
        let products = try #require(
            (try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [String: Any])?["products"]
                as? [[String: Any]])
        #expect(products.first?["name"] as? String == "pump" && products.first?["releases"] as? Int == 2)
        let show = try VigilProcess.run(["product", "show", "pump", "--db", db])
        #expect(show.standardOutput.contains("1.0      supported  2030-12-31      1200     yes"))

        #expect(
            try VigilProcess.run(["release", "set", "pump", "1.0", "--support", "unsupported", "--db", db]).status == 0)
        let releases = try VigilProcess.run(["release", "list", "pump", "--db", db, "--format", "json"])
        let rows = try #require(
            (try JSONSerialization.jsonObject(with: Data(releases.standardOutput.utf8)) as? [String: Any])?["releases"]
                as? [[String: Any]])
        #expect(rows.map { $0["monitored"] as? Bool } == [false, true])
        #expect(rows.first?["sbomSHA256"] as? String != nil)

        let diff = try VigilProcess.run(["release", "diff", "pump", "1.0", "2.0", "--db", db, "--format", "json"])
        #expect(diff.status == 0, "\(diff.standardError)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(diff.standardOutput.utf8)) as? [String: Any])
        let components = try #require(json["components"] as? [String: Any])
        let changed = try #require((components["changed"] as? [[String: Any]])?.first)
        #expect(changed["fromVersion"] as? String == "1.0.1f" && changed["toVersion"] as? String == "1.0.2")
        let findings = try #require(json["findings"] as? [String: Any])
        #expect((findings["removed"] as? [[String: Any]])?.first?["vulnerability"] as? String == "CVE-2014-0160")
        let markdown = try VigilProcess.run([
            "release", "diff", "pump", "1.0", "2.0", "--db", db, "--format", "markdown",
        ])
        #expect(markdown.standardOutput.contains("| removed | CVE-2014-0160 | openssl | affected (high) | - |"))
        let unknown = try VigilProcess.run(["release", "diff", "pump", "1.0", "9.9", "--db", db])
        #expect(unknown.status == 2 && unknown.standardError.contains("no release pump 9.9"))
    }
}
