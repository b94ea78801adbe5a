import Foundation
import Synchronization
public import VigilInventory

/// One ELF file of a root filesystem and how it was hardened.
public struct AuditedBinary: Sendable, Hashable, Codable {
    /// The path in the root (`/usr/bin/ssh`).
    public var path: String
    /// `e_machine` (62 x86-64, 40 ARM, 8 MIPS…).
    public var machine: UInt16
    public var hardening: BinaryHardening
    /// What of the file did not read (truncated section headers): its verdicts may miss what is there.
    public var problems: [String] = []
}

/// The ELF files of a root filesystem, each read whole (up to ``maximumSize``) and analysed; files are read on every
/// core at once.
public enum BinaryAudit {
    /// Larger files are not read (and reported as a problem): no firmware binary is this large.
    public static let maximumSize = 512 << 20

    /// Every regular file that starts like ELF, in path order, with its hardening; what does not read is a problem
    /// (`/path: the section headers are truncated`), never an error for the whole root.
    public static func binaries(
        in root: any RootFilesystem
    ) throws(InventoryError) -> (binaries: [AuditedBinary], problems: [String]) {
        binaries(in: root, files: try root.regularFiles())
    }

    /// As ``binaries(in:)``, over files already listed.
    public static func binaries(
        in root: any RootFilesystem, files all: [(path: String, size: Int)]
    ) -> (binaries: [AuditedBinary], problems: [String]) {
        let files = all.filter { $0.size >= 4 }
        let results = Mutex<[Int: Result<AuditedBinary?, Failure>]>([:])
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let result = audit(files[index].path, size: files[index].size, in: root)
            results.withLock { $0[index] = result }
        }
        var binaries: [AuditedBinary] = []
        var problems: [String] = []
        let all = results.withLock { $0 }
        for index in files.indices {
            switch all[index] {
            case .success(let binary?):
                binaries.append(binary)
                problems += binary.problems.map { "\(binary.path): \($0)" }
            case .failure(let failure): problems.append("\(files[index].path): \(failure.message)")
            default: break
            }
        }
        return (binaries, problems)
    }

    struct Failure: Error { var message: String }

    static func audit(_ path: String, size: Int, in root: any RootFilesystem) -> Result<AuditedBinary?, Failure> {
        do {
            guard ELFFile.isELF(try root.prefix(ofFile: path, count: 4)) else { return .success(nil) }
            guard size <= maximumSize else { return .failure(Failure(message: "larger than \(maximumSize >> 20) MiB")) }
            let elf = try ELFFile(bytes: try root.contents(ofFile: path, limit: maximumSize))
            return .success(
                AuditedBinary(
                    path: path, machine: elf.machine, hardening: BinaryHardening(elf), problems: elf.problems))
        } catch let error as ELFError {
            return .failure(Failure(message: error.message))
        } catch {
            return .failure(Failure(message: "\(error)"))
        }
    }
}
