import Foundation
import Testing

@testable import RegProbe

/// `CredentialFile`: only regular files of at most 4 MiB are read, FIFOs never block, devices are refused.
struct CredentialFileTests {
    /// A fresh directory for one test, removed afterwards.
    func withDirectory<T>(_ body: (String) throws -> T) throws -> T {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("regprobe-credfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        return try body(dir.path)
    }

    func refusal(_ path: String, maxBytes: Int = CredentialFile.maxBytes) -> String? {
        if case .failure(let refusal) = CredentialFile.read(path: path, maxBytes: maxBytes) { return refusal.reason }
        return nil
    }

    @Test func regularFilesAreRead() throws {
        try withDirectory { dir in
            try Data(#"{"auths": {}}"#.utf8).write(to: URL(fileURLWithPath: dir + "/config.json"))
            #expect((try? CredentialFile.read(path: dir + "/config.json").get()) == Array(#"{"auths": {}}"#.utf8))
            // Through a symbolic link, as ~/.docker often is.
            #expect(symlink(dir + "/config.json", dir + "/link.json") == 0)
            #expect((try? CredentialFile.read(path: dir + "/link.json").get())?.count == 13)
            _ = FileManager.default.createFile(atPath: dir + "/empty", contents: Data())
            #expect((try? CredentialFile.read(path: dir + "/empty").get()) == [])
        }
    }

    /// Each kind of path and the reason given; none of them blocks.
    @Test func refusals() throws {
        try withDirectory { dir in
            #expect(mkfifo(dir + "/fifo", 0o600) == 0)
            #expect(symlink(dir + "/fifo", dir + "/fifo-link") == 0)
            let regularOnly = ": credentials are read from regular files only"
            let cases: [(path: String, reason: String)] = [
                (dir + "/missing.json", "cannot read the file: no such file"),
                (dir + "/missing/config.json", "cannot read the file: no such file"),
                (dir, "cannot read the file: it is a directory"),
                (dir + "/fifo", "not a regular file but a named pipe (FIFO)" + regularOnly),
                (dir + "/fifo-link", "not a regular file but a named pipe (FIFO)" + regularOnly),
                ("/dev/zero", "not a regular file but a character device" + regularOnly),
                ("/dev/null", "not a regular file but a character device" + regularOnly),
            ]
            let started = ContinuousClock.now
            for (path, reason) in cases {
                #expect(refusal(path) == reason, "\(path)")
            }
            #expect(ContinuousClock.now - started < .seconds(5), "a FIFO without a writer must not block")
        }
    }

    @Test func sizeLimit() throws {
        try withDirectory { dir in
            // Sparse files: the size is what counts, not what is on disk.
            for (name, size) in [("at-limit", 4 << 20), ("over-limit", (4 << 20) + 1), ("five-mib", 5 << 20)] {
                let fd = open(dir + "/" + name, O_CREAT | O_WRONLY, 0o600)
                #expect(fd >= 0 && ftruncate(fd, off_t(size)) == 0)
                close(fd)
            }
            #expect((try? CredentialFile.read(path: dir + "/at-limit").get())?.count == 4 << 20)
            #expect(
                refusal(dir + "/over-limit")
                    == "the file is 4194305 bytes, over the 4 MiB limit for a credentials file")
            #expect(
                refusal(dir + "/five-mib")
                    == "the file is 5242880 bytes, over the 4 MiB limit for a credentials file")
            try Data(repeating: 0x20, count: 11).write(to: URL(fileURLWithPath: dir + "/eleven"))
            #expect(
                refusal(dir + "/eleven", maxBytes: 10)
                    == "the file is 11 bytes, over the 10 bytes limit for a credentials file")
            #expect(refusal(dir + "/eleven", maxBytes: 11) == nil)
        }
    }

    /// Standard input is a pipe: read to its end, but no further than the limit.
    @Test(arguments: [(9, true), (10, true), (11, false), (100_000, false)])
    func descriptorLimit(_ count: Int, _ accepted: Bool) throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        // The writer runs on its own thread: a pipe holds 64 KiB, and the reader stops after 11 bytes.
        let writer = fds[1]
        let thread = Thread {
            signal(SIGPIPE, SIG_IGN)
            let bytes = [UInt8](repeating: UInt8(ascii: "x"), count: count)
            _ = bytes.withUnsafeBytes { write(writer, $0.baseAddress, $0.count) }
            close(writer)
        }
        thread.start()
        let result = CredentialFile.read(descriptor: fds[0], maxBytes: 10)
        switch result {
        case .success(let bytes):
            #expect(accepted && bytes.count == count)
        case .failure(let refusal):
            #expect(!accepted)
            #expect(refusal.reason == "standard input is over the 10 bytes limit for a credentials file")
        }
    }

    @Test func dockerConfigLoadUsesTheRules() throws {
        try withDirectory { dir in
            #expect(mkfifo(dir + "/config.json", 0o600) == 0)
            #expect {
                try DockerConfig.load(path: dir + "/config.json")
            } throws: { error in
                (error as? DockerConfigError)?.description == "\(dir)/config.json: not a regular file but a named "
                    + "pipe (FIFO): credentials are read from regular files only"
            }
        }
        #expect(throws: DockerConfigError.self) { try DockerConfig.load(path: "/dev/zero") }
    }

    @Test func limitText() {
        #expect(CredentialFile.limitText(4 << 20) == "4 MiB")
        #expect(CredentialFile.limitText(64 << 10) == "64 KiB")
        #expect(CredentialFile.limitText(1000) == "1000 bytes")
    }
}
