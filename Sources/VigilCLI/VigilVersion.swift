/// The version of Vigil that `vigil --version` prints.
public enum VigilVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
}
