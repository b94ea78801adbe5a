import ArgumentParser
import Foundation
import VigilCore
import VigilFeeds
import VigilSBOM
import VigilStore
import VigilVEX

/// `vigil vex`: VEX documents in (and, later, out).
struct VEXCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vex",
        abstract: "Import VEX documents (OpenVEX, CycloneDX VEX) as triage decisions.",
        subcommands: [VEXImportCommand.self])
}

/// `vigil vex import FILE [--bom FILE]…`.
struct VEXImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Record a VEX document's statements as triage decisions.",
        discussion: """
            Reads OpenVEX 0.2.0 or CycloneDX 1.4–1.6 VEX. Each statement about a product becomes a decision for \
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
        let (decisions, statements) = try VEXInput.read(file, boms: boms, author: author, skipInvalid: skipInvalid)
        let store = try database.open(writing: true)
        let recorded: Int
        do {
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
        do {
            document = try VEXReaders.builtIn.read(try Files.read(file, limit: VEXReaders.maximumSize), boms: boms)
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
        for statement in document.statements {
            let decision = statement.decision(
                origin: origin, defaultAuthor: document.author ?? defaultAuthor,
                defaultTime: document.timestamp ?? now)
            let found = statement.problems() + decision.problems()
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
