import RegProbe

#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads Kubernetes manifests: a file, a directory (recursively), or bytes from standard input.
///
/// - Every YAML document of a multi-document stream is read on its own (split at `---` lines like kubectl), so a
///   broken document becomes a ``DocumentProblem`` and the others still load. Empty documents (the blank one
///   before Helm's first `---`, comment-only ones, `null`) are skipped without a number.
/// - JSON or YAML is decided as kubectl decides it (``YAMLOrJSONDecoder``): input that starts with `{` is read as
///   a stream of JSON values with Go's JSON rules; at a value that is not JSON, after at most one value, the rest
///   is read as YAML documents, and after more than one the input ends there with the JSON error.
/// - A `List` (`kind: List`, or any `...List` kind with `items`, as `kubectl get -o yaml` and the API return)
///   is replaced by its items, in order; items without a `kind` get it from the list's kind (`SecretList` →
///   `Secret`).
/// - Documents that are not mappings (a list, a string) are problems; `kubectl apply` would refuse them too.
/// - Directories: files ending in `.yaml`, `.yml` or `.json` (as kubectl's `--recursive`), at any depth, in
///   sorted path order (byte order).
/// - Every value built is charged to one ``KubeValueBudget`` for the run (pass the same one to every call of a
///   run). When it is spent the reading stops: ``KubeDocumentSet/stopped`` says where, and nothing after that
///   point (documents, files) is read.
public enum KubeDocumentLoader {
    /// The file name used for standard input in origins and problems.
    public static let standardInputName = "-"

    /// Reads every path in order (each a file or a directory), with a budget of their own.
    ///
    /// With `credentials: true` (pull-secret files: `regprobe secret FILE`, `--secret FILE`) every file is read as
    /// a credentials file (`CredentialFile`): only regular files of at most 4 MiB, never blocking on a FIFO; `-`
    /// (standard input) is read up to the same limit. Manifests for `scan` are read without that limit (a rendered
    /// chart with its CRDs can be larger; the budget bounds what they may expand to).
    public static func load(paths: [String], credentials: Bool = false) -> KubeDocumentSet {
        var budget = KubeValueBudget()
        return load(paths: paths, credentials: credentials, budget: &budget)
    }

    /// Reads every path in order (each a file or a directory), charging `budget`; stops when it is spent.
    public static func load(
        paths: [String], credentials: Bool = false,
        budget: inout KubeValueBudget
    ) -> KubeDocumentSet {
        var set = KubeDocumentSet()
        for path in paths where set.stopped == nil {
            set.append(contentsOf: load(path: path, credentials: credentials, budget: &budget))
        }
        return set
    }

    /// Reads a file, or every manifest file under a directory, with a budget of its own.
    public static func load(path: String, credentials: Bool = false) -> KubeDocumentSet {
        var budget = KubeValueBudget()
        return load(path: path, credentials: credentials, budget: &budget)
    }

    /// Reads a file, or every manifest file under a directory, charging `budget`; stops when it is spent.
    public static func load(
        path: String, credentials: Bool = false,
        budget: inout KubeValueBudget
    ) -> KubeDocumentSet {
        if path == standardInputName {
            // Manifests on standard input are not capped (the budget bounds what they expand to); pull secrets are.
            switch CredentialFile.read(descriptor: 0, maxBytes: credentials ? CredentialFile.maxBytes : Int.max / 2) {
            case .success(let bytes): return parse(bytes: bytes, file: path, budget: &budget)
            case .failure(let refusal): return refused(path, refusal)
            }
        }
        guard let isDirectory = isDirectory(path) else {
            return KubeDocumentSet(problems: [
                DocumentProblem(
                    file: path, index: nil, line: nil,
                    message: "no such file or directory")
            ])
        }
        if isDirectory {
            var set = KubeDocumentSet()
            for file in manifestFiles(under: path) where set.stopped == nil {
                set.append(contentsOf: loadFile(file, credentials: credentials, budget: &budget))
            }
            return set
        }
        return loadFile(path, credentials: credentials, budget: &budget)
    }

    /// The `.yaml`, `.yml` and `.json` files under `directory`, recursively, sorted by path bytes. Directories
    /// reached through a symbolic link are not entered (a link to a file is followed), so a link loop cannot make
    /// the walk endless.
    public static func manifestFiles(under directory: String) -> [String] {
        var files: [String] = []
        var pending = [directory.hasSuffix("/") ? String(directory.dropLast()) : directory]
        // Each pass reads one real directory, and a tree has finitely many: bounded.
        while let current = pending.popLast() {
            guard let stream = opendir(current) else { continue }
            defer { closedir(stream) }
            while let entry = readdir(stream) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                let full = current + "/" + name
                var info = stat()
                guard lstat(full, &info) == 0 else { continue }
                if info.st_mode & S_IFMT == S_IFDIR {
                    pending.append(full)
                } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") || name.hasSuffix(".json"),
                    isDirectory(full) == false
                {
                    files.append(full)
                }
            }
        }
        return files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Whether `path` (symbolic links followed) is a directory; nil when it does not exist.
    private static func isDirectory(_ path: String) -> Bool? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT == S_IFDIR
    }

    private static func loadFile(_ path: String, credentials: Bool, budget: inout KubeValueBudget) -> KubeDocumentSet {
        if credentials {
            switch CredentialFile.read(path: path) {
            case .success(let bytes): return parse(bytes: bytes, file: path, budget: &budget)
            case .failure(let refusal): return refused(path, refusal)
            }
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return KubeDocumentSet(problems: [
                DocumentProblem(
                    file: path, index: nil, line: nil,
                    message: "cannot read the file")
            ])
        }
        return parse(bytes: Array(data), file: path, budget: &budget)
    }

    private static func refused(_ path: String, _ refusal: CredentialFile.Refusal) -> KubeDocumentSet {
        KubeDocumentSet(problems: [DocumentProblem(file: path, index: nil, line: nil, message: refusal.reason)])
    }

    /// Parses manifest bytes (a file's content, or standard input with `file: "-"`), with a budget of their own.
    public static func parse(bytes input: [UInt8], file: String) -> KubeDocumentSet {
        var budget = KubeValueBudget()
        return parse(bytes: input, file: file, budget: &budget)
    }

    /// Parses manifest bytes (a file's content, or standard input with `file: "-"`), charging `budget`.
    public static func parse(bytes input: [UInt8], file: String, budget: inout KubeValueBudget) -> KubeDocumentSet {
        var bytes = input
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let bad = GoJSON.firstInvalidUTF8Offset(bytes) {
            let (line, _) = GoJSON.lineAndColumn(of: bad, in: bytes)
            return KubeDocumentSet(problems: [
                DocumentProblem(
                    file: file, index: nil, line: line,
                    message: "not valid UTF-8 text")
            ])
        }
        var reader = Reader(file: file, bytes: bytes)
        let plan = YAMLOrJSONDecoder.plan(bytes)
        reader.readJSON(plan, budget: &budget)
        if let yamlStart = plan.yamlStart, reader.set.stopped == nil {
            reader.readYAML(from: yamlStart, afterJSONError: plan.jsonError, budget: &budget)
        }
        return reader.set
    }

    /// Parses manifest text, with a budget of its own.
    public static func parse(text: String, file: String) -> KubeDocumentSet {
        parse(bytes: Array(text.utf8), file: file)
    }

    /// Parses manifest text, charging `budget`.
    public static func parse(text: String, file: String, budget: inout KubeValueBudget) -> KubeDocumentSet {
        parse(bytes: Array(text.utf8), file: file, budget: &budget)
    }

    /// One input being read: its documents are numbered in order, JSON ones first, then the YAML ones after them.
    private struct Reader {
        let file: String
        let bytes: [UInt8]
        var set = KubeDocumentSet()
        /// The number of the last document read.
        var index = 0

        init(file: String, bytes: [UInt8]) {
            self.file = file
            self.bytes = bytes
        }

        /// Records that the budget ran out in document `index`, which starts at `line`, and that reading stops.
        mutating func stop(_ exceeded: KubeValueBudgetExceeded, index: Int, line: Int) {
            let problem = DocumentProblem(file: file, index: index, line: line, message: exceeded.description)
            set.problems.append(problem)
            set.stopped = problem
        }

        /// Adds a document's value, or stops the reading when the budget ran out.
        mutating func add(_ value: KubeValue, origin: DocumentOrigin, budget: inout KubeValueBudget) {
            do {
                try KubeDocumentLoader.add(value, origin: origin, to: &set, budget: &budget)
            } catch {
                stop(error, index: origin.index, line: origin.line)
            }
        }

        // MARK: JSON

        mutating func readJSON(_ plan: YAMLOrJSONDecoder.Plan, budget: inout KubeValueBudget) {
            for (offset, _, value) in plan.json {
                let line = GoJSON.lineAndColumn(of: offset, in: bytes).line
                let kube: KubeValue
                do {
                    kube = try KubeDocumentLoader.kubeValue(value, budget: &budget)
                } catch {
                    stop(error, index: index + 1, line: line)
                    return
                }
                if kube == .null { continue }
                index += 1
                add(kube, origin: DocumentOrigin(file: file, index: index, line: line), budget: &budget)
                if set.stopped != nil { return }
            }
            guard let error = plan.jsonError, plan.yamlStart == nil else { return }
            let (line, column) = GoJSON.lineAndColumn(of: error.offset, in: bytes)
            let rest =
                plan.json.count > 1
                ? "after \(plan.json.count) JSON values kubectl reads the input as a JSON stream, not YAML documents, "
                    + "so the rest of the input is not read"
                : "the rest of the input is not read"
            set.problems.append(
                DocumentProblem(
                    file: file, index: index + 1, line: line,
                    message: "invalid JSON at column \(column): \(error.message); \(rest)"))
        }

        // MARK: YAML

        /// The YAML documents from byte `start` on. `afterJSONError` is the JSON error that made kubectl's decoder
        /// switch to YAML: when the first YAML document does not parse either, its problem says both.
        mutating func readYAML(
            from start: Int, afterJSONError jsonError: GoJSONSyntaxError?,
            budget: inout KubeValueBudget
        ) {
            let startLine = GoJSON.lineAndColumn(of: start, in: bytes).line
            var jsonNote: String?
            if let jsonError {
                let (line, column) = GoJSON.lineAndColumn(of: jsonError.offset, in: bytes)
                jsonNote = "; not JSON either (line \(line), column \(column): \(jsonError.message))"
            }
            for chunk in YAMLStreamSplitter.split(Array(bytes[start...]), firstLine: startLine) {
                guard let contentLine = chunk.contentLine else { continue }  // blank or comments only
                index += 1
                let note = jsonNote ?? ""
                jsonNote = nil
                readChunk(chunk, contentLine: contentLine, parseNote: note, budget: &budget)
                if set.stopped != nil { return }
            }
        }

        private mutating func readChunk(
            _ chunk: YAMLStreamSplitter.Chunk, contentLine: Int, parseNote: String,
            budget: inout KubeValueBudget
        ) {
            var produced = false
            for outcome in YAMLEventReader.read(chunk.bytes, budget: &budget) {
                if case .value(.null) = outcome { continue }  // an empty document
                if produced {
                    index += 1  // a second document in one chunk ("..." then more)
                }
                produced = true
                switch outcome {
                case .value(let value):
                    add(
                        value,
                        origin: DocumentOrigin(
                            file: file, index: index, line: contentLine,
                            helmSource: chunk.helmSource), budget: &budget)
                    if set.stopped != nil { return }
                case .failure(let failure):
                    if let exceeded = failure.exceeded {
                        // Where the document starts: the line of an alias would be its use, not the document.
                        stop(exceeded, index: index, line: contentLine)
                        return
                    }
                    set.problems.append(problem(failure, chunk: chunk, note: failure.syntax ? parseNote : ""))
                }
            }
        }

        /// A YAML problem at its line in the file (never quoting the text: the line could hold a secret).
        private func problem(
            _ failure: YAMLEventReader.Failure, chunk: YAMLStreamSplitter.Chunk, note: String
        ) -> DocumentProblem {
            func inFile(_ line: Int) -> Int { chunk.firstLine + line - 1 }
            var message = failure.message
            if let context = failure.context {
                message += " (\(context.text) at line \(inFile(context.line)))"
            }
            return DocumentProblem(
                file: file, index: index,
                line: failure.line.map(inFile) ?? chunk.contentLine ?? chunk.firstLine,
                message: message + note)
        }
    }

    /// A JSON value as a ``KubeValue``, each value (and member name) charged to `budget` as it is built.
    static func kubeValue(_ value: GoJSONValue, budget: inout KubeValueBudget)
        throws(KubeValueBudgetExceeded) -> KubeValue
    {
        switch value {
        case .null:
            try budget.charge(bytes: 4)
            return .null
        case .bool(let b):
            try budget.charge(bytes: b ? 4 : 5)
            return .bool(b)
        case .number(let text):
            try budget.charge(bytes: text.utf8.count)
            if let i = Int(text) { return .int(i) }
            return .double(Double(text) ?? 0)
        case .string(let s):
            try budget.charge(bytes: s.utf8.count)
            return .string(s)
        case .array(let elements):
            try budget.charge()
            var out: [KubeValue] = []
            out.reserveCapacity(elements.count)
            for element in elements {
                out.append(try kubeValue(element, budget: &budget))
            }
            return .array(out)
        case .object(let members):
            try budget.charge()
            var out: [KubeMember] = []
            out.reserveCapacity(members.count)
            for member in members {
                try budget.charge(bytes: member.key.utf8.count)
                out.append(KubeMember(member.key, try kubeValue(member.value, budget: &budget)))
            }
            return .object(out)
        }
    }

    // MARK: - Lists and shapes

    /// Adds a top-level value: a `List` is replaced by its items; anything but a mapping is a problem.
    /// A `kind` given to a list item is a key and a string built here: charged to `budget` like the others.
    private static func add(
        _ value: KubeValue, origin: DocumentOrigin, to set: inout KubeDocumentSet,
        budget: inout KubeValueBudget
    ) throws(KubeValueBudgetExceeded) {
        guard case .object = value else {
            set.problems.append(
                DocumentProblem(
                    file: origin.file, index: origin.index, line: origin.line,
                    message: "the document is \(value.kindDescription), not a Kubernetes object (a mapping)"))
            return
        }
        if let kind = value["kind"]?.string, kind.hasSuffix("List"), case .array(let items)? = value["items"] {
            let itemKind = kind == "List" ? nil : String(kind.dropLast(4))
            for (n, item) in items.enumerated() {
                guard case .object(var members) = item else {
                    set.problems.append(
                        DocumentProblem(
                            file: origin.file, index: origin.index, line: origin.line,
                            message: "item \(n + 1) of the \(kind) is \(item.kindDescription), not an object"))
                    continue
                }
                if item["kind"] == nil, let itemKind, !itemKind.isEmpty {
                    try budget.charge(values: 2, bytes: "kind".utf8.count + itemKind.utf8.count)
                    members.insert(KubeMember("kind", .string(itemKind)), at: 0)
                }
                set.documents.append(KubeDocument(origin: origin.item(n + 1), value: .object(members)))
            }
            return
        }
        set.documents.append(KubeDocument(origin: origin, value: value))
    }
}
