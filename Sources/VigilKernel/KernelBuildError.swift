/// A failure to read a kernel build's description: its `.config`, source tree, build directory or file list.
public struct KernelBuildError: Error, Sendable, CustomStringConvertible {
    /// Broad classification; new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case unreadable, notADirectory, tooLarge, notAKernelConfig, notAKernelTree
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        public static let unreadable = Code(.unreadable)
        public static let notADirectory = Code(.notADirectory)
        public static let tooLarge = Code(.tooLarge)
        public static let notAKernelConfig = Code(.notAKernelConfig)
        public static let notAKernelTree = Code(.notAKernelTree)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// The file or directory.
    public var path: String
    public var message: String

    public init(_ code: Code, path: String, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
