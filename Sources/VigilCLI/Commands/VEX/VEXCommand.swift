import ArgumentParser
import Foundation
import VigilCore
import VigilFeeds
import VigilMatch
import VigilSBOM
import VigilStore
import VigilVEX

/// `vigil vex`: VEX documents in (and, later, out).
struct VEXCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vex",
        abstract: "Import VEX documents as triage decisions, and export a device's as VEX (OpenVEX, CycloneDX, CSAF).",
        subcommands: [VEXImportCommand.self, VEXExportCommand.self])
}

/// `vigil vex import FILE [--bom FILE]…`.
struct VEXImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Record a VEX document's statements as triage decisions.",
        discussion: """
            Reads OpenVEX 0.2.0, CSAF 2.0 (VEX profile) or CycloneDX 1.4–1.6 VEX. Each statement about a product becomes a decision for \
            that component (its name, and its version or VERS range) with the statement's status, justification, \
            responses and words (impact or action statement, detail) as the note, its author and time. A \
            CycloneDX reference into another BOM (a BOM-Link, urn:cdx:…) is resolved through the BOMs given with \
            --bom. Statements must meet CISA's minimum requirements (affected: an action statement; not_affected: a \
            justification or an impact statement). Importing the same document again records nothing new.

            Exit status: 0 imported; 2 the document cannot be read, a reference cannot be resolved, or a statement \
            is incomplete (nothing is recorded unless --skip-invalid).
            """)

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The VEX document.") var file: String
    @Option(name: .customLong("bom"), help: "A BOM that references in the document point into (repeatable).")
    var boms: [String] = []
    @Flag(help: "Record the complete statements and list the others, instead of recording nothing.")
    var skipInvalid = false
    @Option(help: "The author for statements that name none (default: $VIGIL_AUTHOR, else the login name).")
    var author: String?

    func run() async throws {
        var (decisions, statements) = try VEXInput.read(file, boms: boms, author: author, skipInvalid: skipInvalid)
        let store = try database.open(writing: true)
        let recorded: Int
        do {
            // What each decision rests on: its vulnerability's records as they are now.
            let evidence = try await TriageSupport.evidence(for: decisions.map(\.vulnerability), store: store)
            for index in decisions.indices { decisions[index].evidence = evidence[decisions[index].vulnerability] }
            recorded = try await store.record(decisions)
        } catch {
            Console.error("the decisions could not be recorded: \(error)")
            throw ExitStatus.invalidInput
        }
        let skipped = statements - decisions.count
        print(
            "\(file): \(statements) statements, " + (skipped > 0 ? "\(skipped) incomplete (skipped), " : "")
                + "\(recorded) new decisions recorded, \(decisions.count - recorded) already on record")
    }
}

/// Reading a VEX document into decisions, for `vex import` and `scan --vex`.
enum VEXInput {
    /// The decisions of a document's complete statements.
    ///
    /// - Parameter bom: a BOM already read (the scan's target), besides those at `bomPaths`.
    static func decisions(
        from file: String, boms bomPaths: [String], bom: SBOMDocument? = nil, author: String?, skipInvalid: Bool
    ) throws -> [TriageDecision] {
        try read(file, boms: bomPaths, bom: bom, author: author, skipInvalid: skipInvalid).decisions
    }

    /// The decisions of a document's complete statements, and how many statements it has.
    static func read(
        _ file: String, boms bomPaths: [String], bom: SBOMDocument? = nil, author: String?, skipInvalid: Bool
    ) throws -> (decisions: [TriageDecision], statements: Int) {
        var boms: [SBOMDocument] = bom.map { [$0] } ?? []
        for path in bomPaths {
            do {
                let bytes = try Files.read(path, limit: SBOMDecodingLimits().maximumBytes)
                boms.append(try SBOMDecoderRegistry.builtIn.decode(bytes, source: path, limits: SBOMDecodingLimits()))
            } catch {
                Console.error("\(path): \(error)")
                throw ExitStatus.invalidInput
            }
        }
        let document: VEXDocument
        var digest = SHA256()
        do {
            let bytes = try Files.read(file, limit: VEXReaders.maximumSize)
            digest.update(bytes)
            document = try VEXReaders.builtIn.read(bytes, boms: boms)
        } catch {
            Console.error("\(file): \(error)")
            throw ExitStatus.invalidInput
        }
        if !document.unresolved.isEmpty {
            Console.error(
                "\(file): \(document.unresolved.count) product reference(s) name no component of the document or "
                    + "of the BOMs given (--bom): " + document.unresolved.prefix(5).joined(separator: ", "))
            throw ExitStatus.invalidInput
        }
        let origin = "vex:" + URL(filePath: file).lastPathComponent
        let defaultAuthor =
            author ?? ProcessInfo.processInfo.environment["VIGIL_AUTHOR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? NSUserName()
        let now = Timestamp.string()
        var decisions: [TriageDecision] = []
        var problems: [String] = []
        let documentHash = digest.finalize().hexString
        for (index, statement) in document.statements.enumerated() {
            var decision = statement.decision(
                origin: origin, defaultAuthor: document.author ?? defaultAuthor,
                defaultTime: document.timestamp ?? now)
            // An imported statement's id is the document's and its place in it: importing the same document again
            // (a day later, after a feed update) records nothing new.
            var identity = SHA256()
            identity.update(Array("\(documentHash)#\(index)".utf8))
            decision.id = "TD-" + String(identity.finalize().hexString.prefix(16))
            // Times compare as text in the history: one form (UTC, milliseconds), or the statement is refused.
            var found = statement.problems() + decision.problems()
            if let normalised = Timestamp.normalised(decision.recordedAt) {
                decision.recordedAt = normalised
            } else {
                found.append("\(statement.vulnerability): '\(decision.recordedAt)' is not an ISO 8601 time")
            }
            if found.isEmpty { decisions.append(decision) } else { problems += found }
        }
        if !problems.isEmpty {
            for problem in problems.prefix(10) { Console.error("\(file): \(problem)") }
            if problems.count > 10 { Console.error("\(file): … and \(problems.count - 10) more") }
            guard skipInvalid else {
                Console.error("nothing recorded; fix the statements, or give --skip-invalid to record the others")
                throw ExitStatus.invalidInput
            }
        }
        return (decisions, document.statements.count)
    }
}

/// `vigil vex export TARGET --format openvex|cyclonedx|csaf -o FILE`.
struct VEXExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a VEX document for a device: every finding of its scan, with the decisions in force.",
        discussion: """
            TARGET is scanned as 'vigil scan' does (the database's triage decisions and any --vex documents \
            applied); every finding becomes a statement about its component (identified by its purl): its state, \
            and the decision's justification, responses and note. An affected finding without a decision gets an \
            action statement from its fixed versions, so the document meets CISA's minimum requirements.

            Exit status: 0 written; 2 the target, the database or the output cannot be read or written; 3 the \
            database is missing or empty.
            """)

    @Argument(help: "An SBOM file, or a root filesystem directory, archive or binary.") var target: String
    @OptionGroup var database: DatabaseOptions
    @Option(name: .shortAndLong, help: "openvex, cyclonedx or csaf.") var format: String = "openvex"
    @Option(name: .shortAndLong, help: "The file to write (default: standard output).") var output: String?
    @Option(help: "The author or publisher (default: $VIGIL_AUTHOR, else the login name).") var author: String?
    @Option(help: "The publisher's namespace URI (CSAF requires one).") var namespace = "https://vigil.invalid"
    @Option(help: "The document id (OpenVEX @id, CSAF tracking id; default: a content hash).") var id: String?
    @Option(name: .customLong("vex"), help: "A VEX document to apply first (repeatable).") var vexFiles: [String] = []
    @OptionGroup(title: "Kernel build") var kernel: KernelBuildOptions
    @OptionGroup var context: ContextOption

    func validate() throws {
        guard VEXWriters.writer(format) != nil else {
            throw ValidationError("'\(format)' is not a VEX format: openvex, cyclonedx, csaf")
        }
    }

    func run() async throws {
        let report = try await ScanCommand.report(
            of: target, database: database, vexFiles: vexFiles, kernel: kernel, context: context)
        let author =
            author ?? ProcessInfo.processInfo.environment["VIGIL_AUTHOR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? NSUserName()
        let document = VEXDocument(report: report, format: format, author: author)
        let bytes: [UInt8]
        do {
            bytes = try VEXWriters.writer(format)!.write(
                document,
                identity: VEXIdentity(
                    author: author, namespace: namespace, documentID: id, timestamp: report.generatedAt,
                    tool: "vigil \(VigilVersion.current)"))
        } catch {
            Console.error("the VEX document cannot be written: \(error)")
            throw ExitStatus.invalidInput
        }
        if let output {
            try Files.write(bytes, to: output)
        } else {
            FileHandle.standardOutput.write(Data(bytes))
        }
    }
}
