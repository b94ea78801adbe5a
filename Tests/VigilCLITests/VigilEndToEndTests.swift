import Foundation
import Testing
import VigilTesting

/// End-to-end behaviour of the `vigil` executable: arguments and standard input in, exit status and output out.
@Suite struct VigilEndToEndTests {
    struct Case: Sendable, CustomStringConvertible {
        var arguments: [String]
        var input = ""
        var status: Int32
        var output: String
        var error = ""
        var description: String { arguments.joined(separator: " ") }
    }

    static let cases: [Case] = [
        // vigil version compare
        Case(arguments: ["version", "compare", "--scheme", "deb", "1.0~rc1", "1.0"], status: 0, output: "<\n"),
        Case(arguments: ["version", "compare", "--scheme", "deb", "1:0.1", "2.0"], status: 0, output: ">\n"),
        Case(arguments: ["version", "compare", "-s", "rpm", "1.0-1.el9", "0:1.0-1.el9"], status: 0, output: "=\n"),
        Case(arguments: ["version", "compare", "-s", "apk", "1.2_rc1", "1.2"], status: 0, output: "<\n"),
        Case(arguments: ["version", "compare", "-s", "semver", "1.0.0-rc.1", "1.0.0"], status: 0, output: "<\n"),
        Case(arguments: ["version", "compare", "-s", "kernel", "6.8-rc7", "6.8"], status: 0, output: "<\n"),
        Case(arguments: ["version", "compare", "1.0.1j", "1.0.2"], status: 0, output: "<\n"),
        Case(
            arguments: ["version", "compare", "--scheme", "deb", "1.0-", "1.0"], status: 2, output: "",
            error: "revision is empty"),
        Case(
            arguments: ["version", "compare", "--scheme", "pep440", "1", "2"], status: 64, output: "",
            error: "no version scheme named 'pep440'"),
        Case(arguments: ["version", "compare", "1.0"], status: 64, output: "", error: "give two versions"),
        Case(
            arguments: ["version", "compare", "--scheme", "deb"], input: "1.0 1.1\n2:1\t1:9\n1.0 1.0-0\n",
            status: 0, output: "<\n>\n=\n"),
        Case(
            arguments: ["version", "compare", "--scheme", "deb"], input: "1.0 1.1\nonly-one\n1.0- 1\n2 1\n",
            status: 2, output: "<\n!\n!\n>\n", error: "line 2: expected two versions"),
        // vigil version sort / range / schemes
        Case(
            arguments: ["version", "sort", "-s", "deb", "1.0", "1.0~rc1", "1:0.1", "1.0+b1"], status: 0,
            output: "1.0~rc1\n1.0\n1.0+b1\n1:0.1\n"),
        Case(
            arguments: ["version", "sort", "-s", "semver", "--reverse"], input: "1.0.0\n2.0.0-rc.1\n2.0.0\n",
            status: 0, output: "2.0.0\n2.0.0-rc.1\n1.0.0\n"),
        Case(arguments: ["version", "sort", "-s", "semver", "1.x"], status: 2, output: "", error: "1.x"),
        Case(
            arguments: ["version", "range", "vers:deb/<2.0|>=1.0", "1.5", "2.0", "1:0.1"], status: 0,
            output: "vers:deb/>=1.0|<2.0\nin  1.5\nout 2.0\nout 1:0.1\n"),
        Case(
            arguments: ["version", "range", "vers:deb/>=1.0|>=2.0", "1.5"], status: 2, output: "",
            error: "must alternate"),
        // vigil purl parse
        Case(
            arguments: ["purl", "parse", "pkg:DEB/Debian/Curl@7.50.3-1?distro=jessie&arch=i386"], status: 0,
            output: "pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie\n"),
        Case(
            arguments: ["purl", "parse", "pkg:deb/debian/libc6@2.36-9+deb12u4"], status: 2, output: "",
            error: "must be percent-encoded"),
        Case(
            arguments: ["purl", "parse", "--lenient", "pkg:deb/debian/libc6@2.36-9+deb12u4"], status: 0,
            output: "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4\n"),
        Case(
            arguments: ["purl", "parse"], input: "pkg:generic/zlib@1.3.1\nnot-a-purl\n", status: 2,
            output: "pkg:generic/zlib@1.3.1\n", error: "missingScheme"),
        // vigil cpe convert / match
        Case(
            arguments: ["cpe", "convert", "--to", "uri", "cpe:2.3:a:hp:insight:7.4.0.1570:-:*:*:online:win2003:x64:*"],
            status: 0, output: "cpe:/a:hp:insight:7.4.0.1570:-:~~online~win2003~x64~\n"),
        Case(
            arguments: ["cpe", "convert", "cpe:/a:microsoft:internet_explorer:8.%02:sp%01"], status: 0,
            output: "cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*\n"),
        Case(
            arguments: ["cpe", "convert", "--to", "wfn", "cpe:/a:foo:bar:12.%02.1234"], status: 2, output: "",
            error: "invalidValue"),
        Case(
            arguments: ["cpe", "match", "cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*", "cpe:/a:busybox:busybox:1.36.1"],
            status: 0, output: "SUPERSET\n"),
        Case(
            arguments: [
                "cpe", "match", "cpe:2.3:a:busybox:busybox:1.3*:*:*:*:*:*:*:*",
                "cpe:2.3:a:toybox:toybox:0.8:*:*:*:*:*:*:*",
            ], status: 0, output: "DISJOINT\n"),
        // vigil sbom
        Case(
            arguments: ["sbom", "convert", "-", "--format", "spdx-json"], input: "not an sbom", status: 2, output: "",
            error: "unrecognisedFormat"),
        Case(
            arguments: ["sbom", "convert", "/no/such/file.json", "--format", "spdx-json"], status: 2, output: "",
            error: "no such file"),
        Case(
            arguments: ["sbom", "convert", "-", "--format", "word"], status: 64, output: "",
            error: "unknown format 'word'"),
        Case(
            arguments: ["sbom", "check", "-", "--fail-under", "50"], input: Self.minimalSBOM, status: 1,
            output: "", error: ""),
        Case(
            arguments: ["sbom", "convert", "-", "-o", "/dev/null", "--format", "spdx-json"], input: Self.vexSBOM,
            status: 0, output: "",
            error: "vigil: warning: standard input: vulnerabilities (2 entries) not carried into the output"),
        Case(
            arguments: ["sbom", "convert", "-", "-o", "/dev/null", "--format", "spdx-json", "--quiet"],
            input: Self.vexSBOM, status: 0, output: "", error: ""),
        Case(
            arguments: ["sbom", "convert", "-", "--format", "spdx-tag"],
            input:
                #"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"x","description":"a</text>b"}]}"#,
            status: 2, output: "", error: "cannot write spdx-tag: the PackageDescription value holds '</text>'"),
        // vigil itself
        Case(arguments: ["--version"], status: 0, output: "0.1.0\n"),
        Case(arguments: ["frobnicate"], status: 64, output: "", error: "Unexpected argument 'frobnicate'"),
    ]

    static let vexSBOM =
        #"{"bomFormat":"CycloneDX","specVersion":"1.6","vulnerabilities":[{"id":"CVE-1"},{"id":"CVE-2"}]}"#

    static let minimalSBOM =
        #"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"zlib","version":"1.3.1"}]}"#

    @Test(.enabled(if: VigilProcess.executableURL() != nil, "the vigil executable is not built"), arguments: cases)
    func behavesAsDocumented(_ testCase: Case) throws {
        let result = try VigilProcess.run(testCase.arguments, input: testCase.input)
        #expect(result.status == testCase.status, "stderr: \(result.standardError)")
        if testCase.arguments.starts(with: ["sbom", "check"]) {
            #expect(result.standardOutput.contains("FAIL: score"))
        } else {
            #expect(result.standardOutput == testCase.output)
        }
        if testCase.error.isEmpty {
            #expect(result.standardError.isEmpty)
        } else {
            #expect(result.standardError.contains(testCase.error), "stderr: \(result.standardError)")
        }
    }

    @Test(.enabled(if: VigilProcess.executableURL() != nil, "the vigil executable is not built"))
    func printsMachineReadableJSON() throws {
        let result = try VigilProcess.run([
            "cpe", "match", "--format", "json", "cpe:2.3:a:adobe:*:9.*:*:PalmOS:*:*:*:*:*", "cpe:/a::Reader:9.3.2:-:-",
        ])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(object["relation"] as? String == "DISJOINT")
        #expect(object["matches"] as? Bool == false)
        let attributes = try #require(object["attributes"] as? [String: String])
        #expect(attributes["edition"] == "DISJOINT")
        #expect(attributes["vendor"] == "SUBSET")
        #expect(attributes.count == 11)
    }

    @Test(.enabled(if: VigilProcess.executableURL() != nil && SharedData.isAvailable, "needs vigil and shared data"))
    func convertsAYoctoRecipeToCycloneDXAndBack() throws {
        let source = try #require(SharedData.url("sbom/yocto-vulnscout/yocto-recipe-libssh.spdx.json"))
        let directory = FileManager.default.temporaryDirectory.appending(path: "vigil-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cyclonedx = directory.appending(path: "libssh.cdx.json").path
        let spdx = directory.appending(path: "libssh.spdx.json").path
        #expect(
            try VigilProcess.run(["sbom", "convert", source.path, "-o", cyclonedx, "--format", "cyclonedx-json"]).status
                == 0)
        #expect(try VigilProcess.run(["sbom", "convert", cyclonedx, "-o", spdx, "--format", "spdx-json"]).status == 0)
        let check = try VigilProcess.run(["sbom", "check", spdx, "--format", "json"])
        #expect(check.status == 0)
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(check.standardOutput.utf8)) as? [String: Any])
        #expect(report["components"] as? Int == 1)
        let elements = try #require(report["elements"] as? [[String: Any]])
        #expect(elements.first { $0["id"] as? String == "ntia.identifier" }?["covered"] as? Int == 1)
    }

    @Test(.enabled(if: VigilProcess.executableURL() != nil, "the vigil executable is not built"))
    func enrichesAnSBOMAndReportsEachChange() throws {
        let result = try VigilProcess.run(["sbom", "enrich", "-"], input: Self.minimalSBOM)
        #expect(result.status == 0)
        #expect(result.standardError.contains("zlib@1.3.1: added cpe cpe:2.3:a:zlib:zlib:1.3.1:*:*:*:*:*:*:*"))
        #expect(result.standardError.contains("enriched 1 components: 1 CPEs, 1 purls added"))
        #expect(result.standardOutput.contains("\"cpe\" : \"cpe:2.3:a:zlib:zlib:1.3.1:*:*:*:*:*:*:*\""))
        #expect(result.standardOutput.contains("\"bomFormat\" : \"CycloneDX\""))
    }

    @Test(.enabled(if: VigilProcess.executableURL() != nil, "the vigil executable is not built"))
    func comparesManyPairsInBatchMode() throws {
        let pairs = (0..<5_000).map { "1.\($0) 1.\($0 + 1)" }.joined(separator: "\n") + "\n"
        let result = try VigilProcess.run(["version", "compare", "-s", "deb"], input: pairs)
        #expect(result.status == 0)
        #expect(result.standardOutput == String(repeating: "<\n", count: 5_000))
    }

    @Test(.enabled(if: VigilProcess.executableURL() != nil, "the vigil executable is not built"))
    func importsFeedsIdempotentlyAndReportsWhatItCannotRead() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "vigil-db-\(UUID())")
        let feeds = directory.appending(path: "feeds")
        try FileManager.default.createDirectory(at: feeds, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let nvd = #"""
            {"format":"NVD_CVE","version":"2.0","vulnerabilities":[
             {"cve":{"id":"CVE-2022-37434","lastModified":"2024-01-01T00:00:00.000"}},
             {"cve":{"id":"not-a-cve"}}]}
            """#
        try nvd.write(to: feeds.appending(path: "page-1.json"), atomically: true, encoding: .utf8)
        try "id,name\n".write(to: feeds.appending(path: "notes.csv"), atomically: true, encoding: .utf8)
        let db = directory.appending(path: "state/vigil.db").path

        let first = try VigilProcess.run(["db", "import", "--db", db, feeds.path, "--format", "json"])
        #expect(first.status == 0, "a file in a directory in no known format is ignored")
        #expect(first.standardOutput.contains(#""ignored" : true"#))
        #expect(first.standardOutput.contains(#""inserted" : 1"#))
        #expect(first.standardOutput.contains(#""id" : "not-a-cve""#))
        let again = try VigilProcess.run(["db", "import", "--db", db, feeds.appending(path: "page-1.json").path])
        #expect(again.status == 0)
        #expect(again.standardOutput.contains("1 records: 0 new, 0 replaced, 1 unchanged, 1 skipped"))
        #expect(again.standardError.contains("skipped not-a-cve at $.vulnerabilities[1]"))
        let kev =
            #"{"catalogVersion":"2099.01.01","vulnerabilities":[{"cveID":"CVE-2022-37434","dateAdded":"2099-01-01"}]}"#
        try kev.write(to: directory.appending(path: "kev.json"), atomically: true, encoding: .utf8)
        let named = try VigilProcess.run([
            "db", "import", "--db", db, directory.appending(path: "kev.json").path,
            feeds.appending(path: "notes.csv").path,
        ])
        #expect(named.status == 2, "a named file in no known format is an error")
        #expect(named.standardError.contains("notes.csv") && named.standardError.contains("nothing was imported"))
        let status = try VigilProcess.run(["db", "status", "--format", "json"], environment: ["VIGIL_DB": db])
        #expect(status.status == 0)
        #expect(status.standardOutput.contains(#""records" : 1"#))
    }

    @Test func showsEverySourcesFactsForOneVulnerability() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "vigil-show-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cve5 = #"""
            {"dataType":"CVE_RECORD","dataVersion":"5.1","cveMetadata":{"cveId":"CVE-2099-1234","state":"PUBLISHED","assignerShortName":"acme","dateUpdated":"2099-02-01T00:00:00Z"},
             "containers":{"cna":{"title":"Overflow in widget","descriptions":[{"lang":"en","value":"A heap overflow."}],
               "affected":[{"vendor":"acme","product":"widget","defaultStatus":"unaffected","versions":[{"version":"1.0","lessThan":"1.4.2","status":"affected","versionType":"semver"}]}],
               "metrics":[{"cvssV3_1":{"version":"3.1","vectorString":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H","baseScore":9.8,"baseSeverity":"CRITICAL"}}]},
             "adp":[{"providerMetadata":{"orgId":"134c704f-9b21-4f2e-91b3-4a467353bcc0","shortName":"CISA-ADP"},
               "metrics":[{"other":{"type":"ssvc","content":{"options":[{"Exploitation":"active"},{"Automatable":"yes"},{"Technical Impact":"total"}],"version":"2.0.3"}}}]}]}}
            """#
        let kev =
            "cveID,vendorProject,product,vulnerabilityName,dateAdded\nCVE-2099-1234,Acme,Widget,Widget overflow,2099-03-01\n"
        let dsa =
            "[02 Mar 2099] DSA-9999-1 widget - security update\n\t{CVE-2099-1234}\n\t[bookworm] - widget 1.4.1-1+deb12u1\n"
        try cve5.write(to: directory.appending(path: "CVE-2099-1234.json"), atomically: true, encoding: .utf8)
        try kev.write(to: directory.appending(path: "kev.csv"), atomically: true, encoding: .utf8)
        try dsa.write(to: directory.appending(path: "DSA-list"), atomically: true, encoding: .utf8)
        let db = directory.appending(path: "vigil.db").path
        let imported = try VigilProcess.run(["db", "import", "--db", db, directory.path, "--quiet"])
        #expect(imported.status == 0, "\(imported.standardError)")
        #expect(imported.standardOutput.isEmpty)

        let table = try VigilProcess.run(["db", "show", "--db", db, "CVE-2099-1234"])
        #expect(table.status == 0)
        #expect(table.standardOutput.contains("sources: cisa-adp, cve5, debian, kev"))
        #expect(table.standardOutput.contains("exploited   KEV since 2099-03-01 [kev]"))
        #expect(
            table.standardOutput.contains(
                "ssvc        exploitation active, automatable yes, technical impact total [cisa-adp]"))
        #expect(
            table.standardOutput.contains("affected    Debian:12/widget fixed: 1.4.1-1+deb12u1 [debian DSA-9999-1]"))
        #expect(table.standardOutput.contains("affected    acme/widget (default unaffected) fixed: 1.4.2 [cve5]"))
        let json = try VigilProcess.run(["db", "show", "--db", db, "CVE-2099-1234", "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        let scores = try #require(object?["scores"] as? [[String: Any]])
        #expect(scores.first?["source"] as? String == "cve5")
        #expect((scores.first?["value"] as? [String: Any])?["baseScore"] as? Double == 9.8)
        #expect((object?["advisories"] as? [[String: Any]])?.first?["value"] as? String == "DSA-9999-1")
        let missing = try VigilProcess.run(["db", "show", "--db", db, "CVE-2099-0000"])
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("CVE-2099-0000 is in no source"))
    }

    /// A `vigil db import` killed with SIGKILL in the middle of its transaction leaves the database exactly as it was.
    @Test func aKilledImportLeavesTheDatabaseAsItWas() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "vigil-kill-\(UUID())")
        let feeds = directory.appending(path: "feeds")
        try FileManager.default.createDirectory(at: feeds, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func feed(_ range: Range<Int>) -> String {
            let items = range.map { number in
                """
                {"cve":{"id":"CVE-2099-\(String(format: "%06d", number))","lastModified":"2099-01-01T00:00:00.000",
                "descriptions":[{"lang":"en","value":"\(String(repeating: "generated record for the kill test ", count: 12))"}],
                "configurations":[{"nodes":[{"operator":"OR","negate":false,"cpeMatch":[{"vulnerable":true,
                "criteria":"cpe:2.3:a:vendor\(number % 97):product\(number):*:*:*:*:*:*:*:*","versionEndExcluding":"1.\(number)"}]}]}]}}
                """
            }
            return #"{"format":"NVD_CVE","version":"2.0","vulnerabilities":["# + items.joined(separator: ",") + "]}"
        }
        try feed(0..<10).write(to: directory.appending(path: "baseline.json"), atomically: true, encoding: .utf8)
        for file in 0..<24 {
            let start = 1_000 + file * 4_000
            try feed(start..<(start + 4_000)).write(
                to: feeds.appending(path: "feed-\(file).json"), atomically: true, encoding: .utf8)
        }
        let db = directory.appending(path: "vigil.db").path
        let baseline = try VigilProcess.run([
            "db", "import", "--db", db, directory.appending(path: "baseline.json").path,
        ])
        #expect(baseline.status == 0)

        let executable: URL = try #require(VigilProcess.executableURL())
        let process = Process()
        process.executableURL = executable
        process.arguments = ["db", "import", "--db", db, feeds.path, "--quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the transaction has spilled pages into the write-ahead log, then kill the process outright.
        let wal = db + "-wal"
        let deadline = Date().addingTimeInterval(120)
        var walSize = 0
        while process.isRunning, Date() < deadline {
            walSize = ((try? FileManager.default.attributesOfItem(atPath: wal))?[.size] as? Int) ?? 0
            if walSize > 4 << 20 { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(process.isRunning, "the import finished before it could be killed; make the input larger")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(walSize > 4 << 20, "the import was killed in the middle of writing")

        let status = try VigilProcess.run(["db", "status", "--db", db, "--format", "json"])
        #expect(status.status == 0)
        #expect(status.standardOutput.contains(#""records" : 10"#), "\(status.standardOutput)")
        let show = try VigilProcess.run(["db", "show", "--db", db, "CVE-2099-001000"])
        #expect(show.status == 1, "no record of the killed import is visible")
        let resumed = try VigilProcess.run(["db", "import", "--db", db, feeds.path, "--quiet"])
        #expect(resumed.status == 0)
        let after = try VigilProcess.run(["db", "status", "--db", db, "--format", "json"])
        #expect(after.standardOutput.contains(#""records" : 96010"#), "\(after.standardOutput)")
    }

    @Test func updatesFromALocalServerAndFailsWithStatusFourWhenAFeedCannotBeFetched() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "vigil-update-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let kev = Array(
            #"{"catalogVersion":"2099.01.01","vulnerabilities":[{"cveID":"CVE-2099-0001","dateAdded":"2099-01-01"}]}"#
                .utf8)
        let server = try LocalHTTPServer { request in
            request.path == "/kev.json" ? .init(headers: ["ETag": "\"k1\""], body: kev) : .init(status: 404)
        }
        defer { server.stop() }
        let db = directory.appending(path: "vigil.db").path
        let arguments = ["db", "update", "--db", db, "--source", "kev", "--base-url", "kev=\(server.baseURL)/kev.json"]
        let first = try VigilProcess.run(arguments)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.contains("kev: 1 records: 1 new"))
        let second = try VigilProcess.run(arguments + ["--format", "json"])
        #expect(second.standardOutput.contains(#""outcome" : "unchanged""#))
        let status = try VigilProcess.run(["db", "status", "--db", db, "--format", "json"])
        #expect(status.standardOutput.contains(#""feed" : "kev""#))
        #expect(status.standardOutput.contains(#""etag" : "\"k1\"""#))
        let failing = try VigilProcess.run([
            "db", "update", "--db", db, "--source", "epss", "--base-url", "epss=\(server.baseURL)/epss.csv.gz",
            "--tries", "2", "--retry-delay", "0",
        ])
        #expect(failing.status == 4)
        #expect(failing.standardError.contains("epss: the server answered 404 (not found: check the base URL)"))
        let invalid = try VigilProcess.run(["db", "update", "--db", db, "--source", "rss"])
        #expect(invalid.status == 64)
    }

    @Test func snapshotsPinWhatWasKnownAndDetectTampering() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "vigil-snap-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func kev(_ id: String) throws -> String {
            let path = directory.appending(path: "\(id).json").path
            try #"{"catalogVersion":"2099.01.01","vulnerabilities":[{"cveID":"\#(id)","dateAdded":"2099-01-01"}]}"#
                .write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let db = directory.appending(path: "vigil.db").path
        let snapshot = directory.appending(path: "submission.vigil-snapshot").path
        #expect(try VigilProcess.run(["db", "import", "--db", db, try kev("CVE-2099-0001"), "--quiet"]).status == 0)
        let created = try VigilProcess.run(["db", "snapshot", "create", "--db", db, "-o", snapshot, "--format", "json"])
        #expect(created.status == 0, "\(created.standardError)")
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(created.standardOutput.utf8)) as? [String: Any])
        let hash = try #require(manifest["contentHash"] as? String)
        #expect((manifest["importedFiles"] as? [[String: Any]])?.first?["sha256"] as? String != nil)

        // Later knowledge goes into the database, not into the snapshot.
        #expect(try VigilProcess.run(["db", "import", "--db", db, try kev("CVE-2099-0002"), "--quiet"]).status == 0)
        #expect(try VigilProcess.run(["db", "show", "--db", db, "CVE-2099-0002"]).status == 0)
        let asOf = try VigilProcess.run(["db", "show", "--db-snapshot", snapshot, "CVE-2099-0002"])
        #expect(asOf.status == 1, "the snapshot does not know what was learnt after it")
        let pinned = try VigilProcess.run([
            "db", "show", "--db-snapshot", snapshot, "CVE-2099-0001", "--format", "json",
        ])
        #expect(pinned.standardOutput.contains(#""snapshot" : "\#(hash)""#))
        let status = try VigilProcess.run(["db", "status", "--db-snapshot", snapshot])
        #expect(status.standardOutput.contains("snapshot \(hash)"))
        let again = try VigilProcess.run([
            "db", "snapshot", "create", "--db", db, "-o", snapshot + ".2", "--format", "json",
        ])
        #expect(!again.standardOutput.contains(hash))
        #expect(try VigilProcess.run(["db", "snapshot", "verify", snapshot]).status == 0)
        let write = try VigilProcess.run(["db", "import", "--db-snapshot", snapshot, try kev("CVE-2099-0003")])
        #expect(write.status == 2 && write.standardError.contains("read-only"))
        #expect(try VigilProcess.run(["db", "snapshot", "verify", db]).status == 2, "a database is not a snapshot")
    }

    /// Progress goes to a terminal only: under a pseudo-terminal (util-linux `script`) the import shows records/s and
    /// an ETA; in a pipe it prints nothing but its results.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "util-linux script is absent"))
    func showsProgressOnATerminalOnly() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "vigil-progress-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for index in 0..<3 {
            try
                #"{"catalogVersion":"2099.01.01","vulnerabilities":[{"cveID":"CVE-2099-000\#(index)","dateAdded":"2099-01-01"}]}"#
                .write(to: directory.appending(path: "kev-\(index).json"), atomically: true, encoding: .utf8)
        }
        let vigil = try #require(VigilProcess.executableURL()).path
        let db = directory.appending(path: "vigil.db").path
        let command = [vigil, "db", "import", "--db", db, directory.path].joined(separator: " ")
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let terminal = String(decoding: data, as: UTF8.self)
        #expect(process.terminationStatus == 0)
        #expect(terminal.contains("records/s"))
        #expect(terminal.contains("committing 3 records"))
        let piped = try VigilProcess.run(["db", "import", "--db", db + ".2", directory.path])
        #expect(!piped.standardOutput.contains("records/s") && !piped.standardError.contains("records/s"))
    }

    @Test func generatesAnSBOMFromARootFilesystemArchiveWithoutLeavingIt() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "vigil-generate-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let archive = directory.appending(path: "rootfs.tar")
        try Data(
            TarBuilder.archive([
                TarBuilder.file("./usr/lib/os-release", "ID=debian\nVERSION_ID=\"12\"\n"),
                .symbolicLink("./etc/os-release", target: "../usr/lib/os-release"),
                TarBuilder.file(
                    "./var/lib/dpkg/status",
                    "Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nSource: zlib\n"
                        + "Version: 1:1.2.13.dfsg-1\n"),
                TarBuilder.file("../../etc/cron.d/evil", "* * * * * root sh"),
            ])
        ).write(to: archive)
        let result = try VigilProcess.run(["sbom", "generate", archive.path, "--format", "cyclonedx-json"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(
            result.standardOutput.contains(
                #"pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12&upstream=zlib"#))
        #expect(result.standardError.contains("../../etc/cron.d/evil: member name with '..' refused"))
        let missing = try VigilProcess.run(["sbom", "generate", directory.appending(path: "absent").path])
        #expect(missing.status == 2 && missing.standardError.contains("no such file or directory"))
    }

    @Test("a single binary: its signatures become components with CycloneDX evidence (file, offset, matched text)")
    func generatesAnSBOMFromASingleBinary() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "vigil-generate-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let binary = directory.appending(path: "firmware.bin")
        let bytes =
            [0x7F, 0x45, 0x4C, 0x46] + [UInt8](repeating: 0xFF, count: 60)
            + Array("\0BusyBox v1.36.1 (2024-01-01)\0".utf8)
            + [UInt8](repeating: 0xFF, count: 30) + Array("\0 inflate 1.3.1 Copyright 1995-2024 Mark Adler \0".utf8)
        try Data(bytes).write(to: binary)
        let result = try VigilProcess.run(["sbom", "generate", binary.path])
        #expect(result.status == 0, "\(result.standardError)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let components = try #require(json["components"] as? [[String: Any]])
        #expect(
            components.compactMap { $0["purl"] as? String }.sorted() == [
                "pkg:generic/busybox@1.36.1", "pkg:generic/zlib@1.3.1",
            ])
        let busybox = try #require(components.first { $0["name"] as? String == "busybox" })
        #expect(busybox["cpe"] as? String == "cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*")
        let evidence = try #require(busybox["evidence"] as? [String: Any])
        let occurrence = try #require((evidence["occurrences"] as? [[String: Any]])?.first)
        #expect(occurrence["location"] as? String == "/firmware.bin")
        #expect(occurrence["offset"] as? Int == 65)
        let method = try #require(
            ((evidence["identity"] as? [[String: Any]])?.first?["methods"] as? [[String: Any]])?.first)
        #expect(method["technique"] as? String == "binary-analysis")
        #expect(method["value"] as? String == "busybox.banner: BusyBox v1.36.1")

        // Gzip-looking bytes that are not a gzip stream (a compressed image followed by flash padding) are one
        // binary, not an error.
        let padded = directory.appending(path: "kernel.img")
        try Data([0x1F, 0x8B, 0x08, 0x00] + [UInt8](repeating: 0xFF, count: 64) + bytes).write(to: padded)
        let paddedResult = try VigilProcess.run(["sbom", "generate", padded.path])
        #expect(paddedResult.status == 0, "\(paddedResult.standardError)")
        #expect(paddedResult.standardOutput.contains("pkg:generic/busybox@1.36.1"))

        // The same in SPDX: the evidence travels as annotations and reads back whole.
        let spdx = directory.appending(path: "firmware.spdx.json")
        #expect(
            try VigilProcess.run(["sbom", "generate", binary.path, "-f", "spdx-json", "-o", spdx.path]).status == 0)
        let text = try String(contentsOf: spdx, encoding: .utf8)
        #expect(text.contains("\"annotationType\" : \"OTHER\"") || text.contains("\"annotationType\":\"OTHER\""))
        #expect(text.contains("busybox.banner"))
        let back = try VigilProcess.run(["sbom", "convert", spdx.path, "-f", "cyclonedx-json"])
        #expect(back.status == 0, "\(back.standardError)")
        #expect(back.standardOutput.contains("busybox.banner") && back.standardOutput.contains("\"offset\""))
    }

    @Test func generateReadsBuildManifestsAndRefusesUnknownOnes() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "vigil-generate-\(UUID())")
        try FileManager.default.createDirectory(
            at: directory.appending(path: "rootfs/etc"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let manifest = directory.appending(path: "image.manifest")
        try Data("busybox cortexa53 1.36.1-r0\nopenssl cortexa53 3.2.1-r0\n".utf8).write(to: manifest)
        let result = try VigilProcess.run([
            "sbom", "generate", directory.appending(path: "rootfs").path, "--manifest", manifest.path,
            "--no-binary-scan",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("pkg:yocto/openssl@3.2.1-r0?arch=cortexa53"))
        #expect(result.standardOutput.contains("cpe:2.3:a:openssl:openssl:3.2.1"))
        let odd = directory.appending(path: "odd.txt")
        try Data("what is this\n".utf8).write(to: odd)
        let refused = try VigilProcess.run([
            "sbom", "generate", directory.appending(path: "rootfs").path, "--manifest", odd.path,
        ])
        #expect(refused.status == 2 && refused.standardError.contains("odd.txt"))
    }
}

extension VigilEndToEndTests {
    @Test func cvssScoresVectors() throws {
        let result = try VigilProcess.run([
            "cvss", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:U/RC:C", "AV:N/AC:L/Au:N/C:P/I:P/A:P",
        ])
        #expect(result.status == 0)
        #expect(
            result.standardOutput == """
                 9.8  CRITICAL  CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:U/RC:C  (temporal 9.3)
                 7.5  HIGH      AV:N/AC:L/Au:N/C:P/I:P/A:P

                """)
        let bad = try VigilProcess.run(["cvss", "CVSS:3.1/AV:N", "CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N"])
        #expect(bad.status == 2)
        #expect(bad.standardError.contains("the base metrics AC, PR, UI, S, C, I, A are missing"))
        #expect(bad.standardOutput.contains("3.1  LOW"))
    }
}
