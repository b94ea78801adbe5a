import Foundation
import Testing
import VigilCore
import VigilFeeds

/// Malformed, truncated, hostile and edge-case input for every importer, the JSON Lines splitter and the zip reader:
/// a clear error or a skipped record, never a crash.
@Suite struct FeedRobustnessTests {
    let registry = FeedImporterRegistry.builtIn

    func read(_ text: String) throws(FeedImportError) -> (format: String, batch: FeedImportBatch) {
        try registry.read(Array(text.utf8), source: "test")
    }

    @Test func cve5SkipsBadRecordsOfAJSONLinesFileByLine() throws {
        let lines = [
            #"{"dataType":"CVE_RECORD","dataVersion":"5.1","cveMetadata":{"cveId":"CVE-2099-0001","state":"PUBLISHED","dateUpdated":"2099-01-01T00:00:00Z"},"containers":{"cna":{"affected":[{"vendor":"x","product":"y","versions":[{"version":"1.0","lessThan":"1.5","status":"affected","versionType":"semver"}]}]}}}"#,
            #"{"dataType":"CVE_RECORD","cveMetadata":{"cveId":"CVE-2099-0002","state":"PUBLISHED"},"containers":{"cna":{"affected":[{"vendor":"x","product":"y","versions":[{"version":"1.0","status":"vulnerable"}]}]}}}"#,
            #"{"cveMetadata":{"cveId":"CVE-99-1","state":"PUBLISHED"},"containers":{"cna":{}}}"#,
            #"{"cveMetadata":{"cveId":"CVE-2099-0004","state":"PUBLISHED"},"containers":{"cna":{"descriptions":"oops"}}}"#,
            #"{"cveMetadata":{"cveId":"CVE-2099-0005","state":"PUBLISHED"},"containers":{"cna":{"affected":[{"versions":[]}]}}}"#,
            #"{"dataVersion":"4.0","cveMetadata":{"cveId":"CVE-2099-0006","state":"PUBLISHED"},"containers":{"cna":{}}}"#,
            #"{"cveMetadata":{"cveId":"CVE-2099-0007","state":"PUBLISHED"},"containers":{"cna":{}}"#,
            "",
        ]
        let (format, batch) = try read(lines.joined(separator: "\n"))
        #expect(format == "cve-json-5")
        #expect(batch.records.map(\.vulnerability.id) == ["CVE-2099-0001"])
        #expect(batch.records.first?.affected.first?.fixedVersions == ["1.5"])
        #expect(batch.skipped.map(\.location) == ["line 2", "line 3", "line 4", "line 5", "line 6", "line 7"])
        #expect(
            batch.skipped.map(\.id) == [
                "CVE-2099-0002", "CVE-99-1", "CVE-2099-0004", "CVE-2099-0005", "CVE-2099-0006", nil,
            ])
        #expect(batch.skipped[0].reason.contains("'vulnerable' is not a version status"))
        #expect(batch.skipped[3].reason.contains("names neither a product nor a package"))
    }

    @Test func osvEventsBecomeSpansAndBadRangesSkipTheRecord() throws {
        let text = #"""
            [{"id":"GHSA-1","modified":"2099-01-01T00:00:00Z","aliases":["CVE-2099-1"],
              "severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
              "affected":[{"package":{"ecosystem":"PyPI","name":"p"},"versions":["1.0"],
                "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"1.1"},{"introduced":"2.0"},{"last_affected":"2.3"},{"introduced":"3.0"}]},
                          {"type":"GIT","repo":"https://example.invalid/r.git","events":[{"introduced":"abc"},{"limit":"def"}]}]}]},
             {"id":"GHSA-2","modified":"2099-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"npm","name":"q"},
               "ranges":[{"type":"SEMVERISH","events":[{"introduced":"0"}]}]}]},
             {"id":"GHSA-3"},
             {"id":"GHSA 4","modified":"x"}]
            """#
        let (format, batch) = try read(text)
        #expect(format == "osv")
        let record = try #require(batch.records.only)
        #expect(record.vulnerability.aliases == ["CVE-2099-1"])
        #expect(record.vulnerability.scores.first?.system == "CVSS:3.1")
        let package = try #require(record.affected.only)
        #expect(package.versions == ["1.0"])
        #expect(package.repo == "https://example.invalid/r.git")
        #expect(
            package.spans == [
                .init(status: .affected, scheme: "ecosystem", introduced: "0", fixed: "1.1"),
                .init(status: .affected, scheme: "ecosystem", introduced: "2.0", lastAffected: "2.3"),
                .init(status: .affected, scheme: "ecosystem", introduced: "3.0"),
                .init(status: .affected, scheme: "git", introduced: "abc"),
            ])
        #expect(package.fixedVersions == ["1.1"])
        #expect(batch.skipped.map(\.location) == ["$[1]", "$[2]", "$[3]"])
        #expect(batch.skipped.map(\.id) == ["GHSA-2", "GHSA-3", "GHSA 4"])
    }

    @Test func kevCSVHandlesQuotesAndReportsRaggedRows() throws {
        let text = """
            cveID,vendorProject,product,vulnerabilityName,dateAdded,shortDescription,requiredAction,dueDate,knownRansomwareCampaignUse,notes,cwes\r
            CVE-2099-0001,"Acme, Inc.",Widget,"A ""quoted"" name",2099-01-02,"Line one
            line two",Patch,2099-01-23,Known,,"CWE-79, CWE-89"\r
            CVE-2099-0002,Acme,Widget,short row\r
            CVE-2099-0003,Acme,Widget,Name,02/01/2099,d,a,2099-01-23,Unknown,,\r

            """
        let (format, batch) = try read(text)
        #expect(format == "cisa-kev")
        let record = try #require(batch.records.only)
        #expect(record.vulnerability.knownExploited?.vendorProject == "Acme, Inc.")
        #expect(record.vulnerability.title == #"A "quoted" name"#)
        #expect(record.vulnerability.descriptions.first?.text == "Line one\nline two")
        #expect(record.vulnerability.weaknesses.map(\.id) == ["CWE-79", "CWE-89"])
        #expect(batch.skipped.map(\.location) == ["line 4", "line 5"])
        #expect(throws: FeedImportError.self) {
            try read("cveID,vendorProject,product,dateAdded\nCVE-2099-0001,\"open,x,2099-01-01\n")
        }
    }

    @Test func epssInTheRealFormat() throws {
        let text = """
            #model_version:v2025.03.14,score_date:2099-11-27T12:55:00Z
            cve,epss,percentile
            CVE-2099-0001,0.94321,0.99987
            CVE-2099-0002,0.00043,0.12
            CVE-2099-0003,1.5,0.5
            not-a-cve,0.1,0.1
            CVE-2099-0005,0.1

            """
        let (format, batch) = try read(text)
        #expect(format == "first-epss")
        #expect(batch.records.map(\.vulnerability.id) == ["CVE-2099-0001", "CVE-2099-0002"])
        #expect(batch.records.first?.source == .epss)
        #expect(batch.records.first?.vulnerability.modified == "2099-11-27")
        #expect(
            batch.records.first?.vulnerability.exploitPrediction
                == ExploitPrediction(score: 0.94321, percentile: 0.99987, date: "2099-11-27", model: "v2025.03.14"))
        #expect(batch.skipped.map(\.location) == ["line 5", "line 6", "line 7"])
        #expect(throws: FeedImportError.self) { try read("cve,epss,percentile\nCVE-2099-0001,0.1,0.1\n") }
    }

    @Test func alpineSecDBRejectsGarbageAndReadsJSON() throws {
        #expect(throws: FeedImportError.self) { try read("distroversion: v3.11\npackages: [unclosed\nsecfixes") }
        let json = #"""
            {"distroversion":"v3.12","reponame":"main","packages":[{"pkg":{"name":"zlib","secfixes":{"1.2.11-r4":["CVE-2022-37434"],"0":["CVE-2018-25032 XSA-1"]}}}]}
            """#
        let (format, batch) = try read(json)
        #expect(format == "alpine-secdb")
        #expect(
            batch.records.map(\.vulnerability.id) == [
                "ALPINE-v3.12-main-CVE-2018-25032", "ALPINE-v3.12-main-CVE-2022-37434",
            ])
        #expect(batch.records.first?.vulnerability.aliases == ["CVE-2018-25032", "XSA-1"])
        #expect(batch.records.first?.affected.first?.defaultStatus == .unaffected)
    }

    @Test func debianListsSkipMalformedAdvisories() throws {
        let text = """
            [29 Mar 2023] DSA-5380-1 xorg-server - security update
            \t{CVE-2023-1393}
            \t[bullseye] - xorg-server 2:1.20.11-1+deb11u6
            [28 Mar 2023] DSA-5379-1 foo - security update
            \t[narnia] - foo 1.0-1
            [27 Mar 2023] DSA-5378-1 bar - security update
            \t{CVE-2023-0001
            [26 Mar 2023] DSA-5377-1 baz - security update
            \t[bookworm] - baz <not-affected> (Vulnerable code not present)
            \t[bullseye] - baz <end-of-life>
            \tNOTE: a note
            """
        let (format, batch) = try read(text)
        #expect(format == "debian-advisory-list")
        #expect(batch.records.map(\.vulnerability.id) == ["DSA-5380-1", "DSA-5377-1"])
        #expect(batch.records.last?.affected.map(\.defaultStatus) == [.unaffected, .unknown])
        #expect(batch.skipped.map(\.id) == ["DSA-5379-1", "DSA-5378-1"])
        #expect(batch.skipped.first?.reason.contains("'narnia' is not a Debian release") == true)
    }

    @Test func unknownAndEmptyInputIsAClearError() {
        for text in ["", "   ", "hello world", "{\"a\":1}", "[1,2,3]", "\u{FEFF}"] {
            #expect(throws: FeedImportError.self, "\(text)") { try read(text) }
        }
    }

    @Test func truncatedJSONIsAClearErrorNotACrash() throws {
        let record =
            #"{"id":"GHSA-1","modified":"2099-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"npm","name":"q"}}]}"#
        for length in stride(from: 10, to: record.utf8.count, by: 7) {
            let prefix = String(decoding: Array(record.utf8).prefix(length), as: UTF8.self)
            do {
                let (_, batch) = try read(prefix)
                #expect(batch.records.isEmpty)
            } catch {
                #expect(!error.message.isEmpty)
            }
        }
    }

    // A deflate zip with two OSV records and a README (made with Python's zipfile).
    static let osvZip = Data(
        base64Encoded: """
            UEsDBBQAAAAIANYIfF2xsqOQsgAAAPAAAAATAAAAQUxTQS0yMDk5LTAwMDEuanNvbiWOQQ+CMAyF/0vPjHTEC7sRwk3jAWOixsMcxSzCIDIMuPjf\
            3UbaS/u+91oHugEBxb4uWIZ5LhCRQwL90OhWU9DCmiFnmJ0QReyrJ97USRuAG5Tnim1UMN8TkG1LahMdjFK95JNAOCA1TOtkqQ8nu17utZkXkfs0\
            I3tPwLfTD/j5cGmeNEW7XcegVOWxvtSn6uBh+pCxm6qNfQ/NrOKn6K0OWr3EiadZyjnbYUpdDr97rD9QSwMEFAAAAAgA1gh8XcfZZwOlAAAA1AAA\
            ABMAAABBTFNBLTIwOTktMDAwMi5qc29uJY7BCoMwDIbfJWeV6GDS3mTs5thBL9vYodQoZbaK1qGI7762I7kk//eF7KAa4FCUVRFnyBhHxAwi0EOj\
            WkU+8+sY0xhPNSIP/XSEaFuS1hOvHUYhP6Ij4DuQHOZttqT92V6LUpll5cwZRmhHgFymHo4IJmE6moNut9En18u9elT19eZg+pKx/1QZOw3NIsM3\
            6NQdWrWGKU/yc5LGGUuoZ3C8Q/0AUEsDBBQAAAAIANYIfF163LRIDAAAAAoAAAAKAAAAUkVBRE1FLnR4dMvLL1FIVEhLTU0BAFBLAQIUAxQAAAAI\
            ANYIfF2xsqOQsgAAAPAAAAATAAAAAAAAAAAAAACAAQAAAABBTFNBLTIwOTktMDAwMS5qc29uUEsBAhQDFAAAAAgA1gh8XcfZZwOlAAAA1AAAABMA\
            AAAAAAAAAAAAAIAB4wAAAEFMU0EtMjA5OS0wMDAyLmpzb25QSwECFAMUAAAACADWCHxdety0SAwAAAAKAAAACgAAAAAAAAAAAAAAgAG5AQAAUkVB\
            RE1FLnR4dFBLBQYAAAAAAwADALoAAADtAQAAAAA=
            """)!

    @Test func zipEntriesAreReadByContentAndOthersListed() throws {
        let (format, batch) = try registry.read(Array(Self.osvZip), source: "all.zip")
        #expect(format == "osv")
        #expect(batch.records.map(\.vulnerability.id) == ["ALSA-2099:0001", "ALSA-2099:0002"])
        #expect(batch.skipped.isEmpty)
        #expect(batch.ignoredEntries == 1, "README.txt")
    }

    @Test func truncatedOrCorruptZipIsAClearError() {
        let bytes = Array(Self.osvZip)
        for length in [4, 30, 100, bytes.count / 2, bytes.count - 10] {
            #expect(throws: FeedImportError.self, "\(length)") {
                try registry.read(Array(bytes.prefix(length)), source: "cut.zip")
            }
        }
        var corrupt = bytes
        corrupt[60] ^= 0xFF  // inside the first entry's deflate data
        #expect(throws: FeedImportError.self) { try registry.read(corrupt, source: "corrupt.zip") }
    }

    // An entry whose directory says 100 bytes but whose deflate data expands to 1 MiB.
    @Test func zipEntryExpandingPastItsDeclaredSizeIsRejected() throws {
        let bomb = Data(base64Encoded: Self.zipBomb)!
        do {
            _ = try registry.read(Array(bomb), source: "bomb.zip")
            Issue.record("the bomb was read")
        } catch {
            #expect(error.message.contains("expands past its declared size"))
        }
        var small = FeedImporterRegistry.builtIn
        small.decompressedLimit = 50
        #expect(throws: FeedImportError.self) { try small.read(Array(Self.osvZip), source: "all.zip") }
    }

    static let zipBomb =
        "UEsDBBQAAAAIANYIfF0OlBnPDAQAAGQAAAAJAAAAYm9tYi5qc29u7cFBEQAADAKgKuvprbsh/AI5"
        + String(repeating: "A", count: 1_353)
        + "IDRF1BLAQIUAxQAAAAIANYIfF0OlBnPDAQAAGQAAAAJAAAAAAAAAAAAAACAAQAAAABib21iLmpzb25QSwUGAAAAAAEAAQA3AAAAMwQAAAAA"
}

extension Array {
    fileprivate var only: Element? { count == 1 ? first : nil }
}
