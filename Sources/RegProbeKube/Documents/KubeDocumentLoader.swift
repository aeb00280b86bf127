import RegProbe
import Foundation
import Yams

/// Reads Kubernetes manifests: a file, a directory (recursively), or bytes from standard input.
///
/// - Every YAML document of a multi-document stream is read on its own (split at `---` lines like kubectl), so a
///   broken document becomes a ``DocumentProblem`` and the others still load. Empty documents (the blank one
///   before Helm's first `---`, comment-only ones, `null`) are skipped without a number.
/// - Input whose first non-blank character is `{` or `[` is read as a stream of JSON values, as kubectl does,
///   with Go's JSON rules; if the first value is not valid JSON the input is read as YAML instead.
/// - A `List` (`kind: List`, or any `...List` kind with `items`, as `kubectl get -o yaml` and the API return)
///   is replaced by its items, in order; items without a `kind` get it from the list's kind (`SecretList` →
///   `Secret`).
/// - Documents that are not mappings (a list, a string) are problems; `kubectl apply` would refuse them too.
/// - Directories: files ending in `.yaml`, `.yml` or `.json` (as kubectl's `--recursive`), at any depth, in
///   sorted path order (byte order).
public enum KubeDocumentLoader {
    /// The file name used for standard input in origins and problems.
    public static let standardInputName = "-"

    /// Reads every path in order (each a file or a directory).
    ///
    /// With `credentials: true` (pull-secret files: `regprobe secret FILE`, `--secret FILE`) every file is read as
    /// a credentials file (`CredentialFile`): only regular files of at most 4 MiB, never blocking on a FIFO; `-`
    /// (standard input) is read up to the same limit. Manifests for `scan` are read without that limit (a rendered
    /// chart with its CRDs can be larger).
    public static func load(paths: [String], credentials: Bool = false) -> KubeDocumentSet {
        var set = KubeDocumentSet()
        for path in paths {
            set.append(contentsOf: load(path: path, credentials: credentials))
        }
        return set
    }

    /// Reads a file, or every manifest file under a directory (see `load(paths:credentials:)`).
    public static func load(path: String, credentials: Bool = false) -> KubeDocumentSet {
        if path == standardInputName {
            guard credentials else {
                return parse(bytes: Array(FileHandle.standardInput.readDataToEndOfFile()), file: path)
            }
            switch CredentialFile.read(descriptor: 0) {
            case .success(let bytes): return parse(bytes: bytes, file: path)
            case .failure(let refusal): return refused(path, refusal)
            }
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return KubeDocumentSet(problems: [DocumentProblem(file: path, index: nil, line: nil,
                                                              message: "no such file or directory")])
        }
        if isDirectory.boolValue {
            var set = KubeDocumentSet()
            for file in manifestFiles(under: path) {
                set.append(contentsOf: loadFile(file, credentials: credentials))
            }
            return set
        }
        return loadFile(path, credentials: credentials)
    }

    /// The `.yaml`, `.yml` and `.json` files under `directory`, recursively, sorted by path bytes.
    public static func manifestFiles(under directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [String] = []
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") || relative.hasSuffix(".json") else {
                continue
            }
            let full = base + relative
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(full)
            }
        }
        return files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private static func loadFile(_ path: String, credentials: Bool) -> KubeDocumentSet {
        if credentials {
            switch CredentialFile.read(path: path) {
            case .success(let bytes): return parse(bytes: bytes, file: path)
            case .failure(let refusal): return refused(path, refusal)
            }
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return KubeDocumentSet(problems: [DocumentProblem(file: path, index: nil, line: nil,
                                                              message: "cannot read the file")])
        }
        return parse(bytes: Array(data), file: path)
    }

    private static func refused(_ path: String, _ refusal: CredentialFile.Refusal) -> KubeDocumentSet {
        KubeDocumentSet(problems: [DocumentProblem(file: path, index: nil, line: nil, message: refusal.reason)])
    }

    /// Parses manifest bytes (a file's content, or standard input with `file: "-"`).
    public static func parse(bytes input: [UInt8], file: String) -> KubeDocumentSet {
        var bytes = input
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let bad = GoJSON.firstInvalidUTF8Offset(bytes) {
            let (line, _) = GoJSON.lineAndColumn(of: bad, in: bytes)
            return KubeDocumentSet(problems: [DocumentProblem(file: file, index: nil, line: line,
                                                              message: "not valid UTF-8 text")])
        }
        let first = bytes.first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            let stream = GoJSON.parseStream(bytes)
            if !stream.values.isEmpty {
                return jsonDocuments(stream, bytes: bytes, file: file)
            }
        }
        return yamlDocuments(bytes, file: file)
    }

    /// Parses manifest text.
    public static func parse(text: String, file: String) -> KubeDocumentSet {
        parse(bytes: Array(text.utf8), file: file)
    }

    // MARK: - JSON

    private static func jsonDocuments(
        _ stream: (values: [(offset: Int, value: GoJSONValue)], error: GoJSONSyntaxError?), bytes: [UInt8],
        file: String
    ) -> KubeDocumentSet {
        var set = KubeDocumentSet()
        var index = 0
        for (offset, value) in stream.values {
            let kube = kubeValue(value)
            if kube == .null { continue }
            index += 1
            let line = GoJSON.lineAndColumn(of: offset, in: bytes).line
            add(kube, origin: DocumentOrigin(file: file, index: index, line: line), to: &set)
        }
        if let error = stream.error {
            let (line, column) = GoJSON.lineAndColumn(of: error.offset, in: bytes)
            set.problems.append(DocumentProblem(
                file: file, index: index + 1, line: line,
                message: "invalid JSON at column \(column): \(error.message); the rest of the input is not read"))
        }
        return set
    }

    static func kubeValue(_ value: GoJSONValue) -> KubeValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let text):
            if let i = Int(text) { return .int(i) }
            return .double(Double(text) ?? 0)
        case .string(let s): return .string(s)
        case .array(let elements): return .array(elements.map(kubeValue))
        case .object(let members): return .object(members.map { KubeMember($0.key, kubeValue($0.value)) })
        }
    }

    // MARK: - YAML

    private static func yamlDocuments(_ bytes: [UInt8], file: String) -> KubeDocumentSet {
        var set = KubeDocumentSet()
        var index = 0
        for chunk in YAMLStreamSplitter.split(bytes) {
            guard let contentLine = chunk.contentLine else { continue }  // blank or comments only
            index += 1
            let text = String(decoding: chunk.bytes, as: UTF8.self)
            do {
                var nodes = try Yams.compose_all(yaml: text)
                var produced = false
                var converter = YAMLConverter()
                while let node = nodes.next() {
                    let value: KubeValue
                    do {
                        value = try converter.convert(node)
                    } catch {
                        set.problems.append(DocumentProblem(
                            file: file, index: index, line: error.line.map { chunk.firstLine + $0 - 1 } ?? contentLine,
                            message: error.message))
                        produced = true
                        continue
                    }
                    if value == .null { continue }
                    if produced {
                        index += 1  // a second document in one chunk ("..." then more)
                    }
                    produced = true
                    add(value, origin: DocumentOrigin(file: file, index: index, line: contentLine,
                                                      helmSource: chunk.helmSource), to: &set)
                }
                if let error = nodes.error {
                    set.problems.append(problem(error, chunk: chunk, index: index, file: file))
                }
            } catch {
                set.problems.append(problem(error, chunk: chunk, index: index, file: file))
            }
        }
        return set
    }

    /// A YAML error without the snippet Yams would quote (the line could hold a secret).
    private static func problem(_ error: any Error, chunk: YAMLStreamSplitter.Chunk, index: Int, file: String)
        -> DocumentProblem {
        let fallbackLine = chunk.contentLine ?? chunk.firstLine
        guard let yamlError = error as? YamlError else {
            return DocumentProblem(file: file, index: index, line: fallbackLine, message: "cannot parse the document")
        }
        func at(_ mark: Mark) -> Int { chunk.firstLine + mark.line - 1 }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let where_ = context.map { " (\($0.text) at line \(at($0.mark)))" } ?? ""
            return DocumentProblem(file: file, index: index, line: at(mark),
                                   message: "column \(mark.column): \(problem)\(where_)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { String(reflecting: $0) }.joined(separator: ", ")
            return DocumentProblem(file: file, index: index, line: at(context.mark),
                                   message: "duplicate mapping key \(keys) (kubectl refuses duplicate fields)")
        case .reader(let problem, _, _, _):
            return DocumentProblem(file: file, index: index, line: fallbackLine, message: problem)
        default:
            return DocumentProblem(file: file, index: index, line: fallbackLine, message: "cannot parse the document")
        }
    }

    // MARK: - Lists and shapes

    /// Adds a top-level value: a `List` is replaced by its items; anything but a mapping is a problem.
    private static func add(_ value: KubeValue, origin: DocumentOrigin, to set: inout KubeDocumentSet) {
        guard case .object = value else {
            set.problems.append(DocumentProblem(
                file: origin.file, index: origin.index, line: origin.line,
                message: "the document is \(value.kindDescription), not a Kubernetes object (a mapping)"))
            return
        }
        if let kind = value["kind"]?.string, kind.hasSuffix("List"), case .array(let items)? = value["items"] {
            let itemKind = kind == "List" ? nil : String(kind.dropLast(4))
            for (n, item) in items.enumerated() {
                guard case .object(var members) = item else {
                    set.problems.append(DocumentProblem(
                        file: origin.file, index: origin.index, line: origin.line,
                        message: "item \(n + 1) of the \(kind) is \(item.kindDescription), not an object"))
                    continue
                }
                if item["kind"] == nil, let itemKind, !itemKind.isEmpty {
                    members.insert(KubeMember("kind", .string(itemKind)), at: 0)
                }
                set.documents.append(KubeDocument(origin: origin.item(n + 1), value: .object(members)))
            }
            return
        }
        set.documents.append(KubeDocument(origin: origin, value: value))
    }
}
