/// One entry of a directory listing, as Go's `os.ReadDir` gives it: the name, and whether it is a directory (a
/// symbolic link is not, whatever it points to).
public struct HostsDirectoryEntry: Sendable, Hashable {
    public let name: String
    public let isDirectory: Bool

    public init(name: String, isDirectory: Bool) {
        self.name = name
        self.isDirectory = isDirectory
    }
}
