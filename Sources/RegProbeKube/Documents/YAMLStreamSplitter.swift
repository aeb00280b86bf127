/// Splits a YAML stream into documents at `---` lines, the way kubectl's `YAMLReader` does, so that one broken
/// document does not take the others with it (libyaml stops at the first error of a stream).
///
/// A separator is a line that starts with `---` followed by nothing, white space or a comment. Unlike kubectl,
/// which refuses `--- content`, such a line also starts a document, with `content` as its first line (YAML allows
/// it). `%` directives before a `---` stay with the document they introduce.
struct YAMLStreamSplitter {
    struct Chunk: Sendable {
        /// The document's text (the separator line excluded).
        let bytes: ArraySlice<UInt8>
        /// 1-based line of the first byte of ``bytes``.
        let firstLine: Int
        /// 1-based line of the first line that is neither blank nor a comment; nil when there is none.
        let contentLine: Int?
        /// From a `# Source: path` comment before the content (Helm's `template` output).
        let helmSource: String?
    }

    /// The documents of `bytes`, whose first line is line `firstLine` of the input (YAML after a JSON document).
    static func split(_ bytes: [UInt8], firstLine: Int = 1) -> [Chunk] {
        var chunks: [Chunk] = []
        var chunkStart = 0
        var chunkFirstLine = firstLine
        var lineStart = 0
        var lineNumber = firstLine
        var onlyDirectivesSoFar = true
        var sawDirective = false

        func finish(end: Int) {
            chunks.append(makeChunk(bytes[chunkStart..<end], firstLine: chunkFirstLine))
        }

        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            let next = min(lineEnd + 1, bytes.count)
            var content = bytes[lineStart..<lineEnd]
            if content.last == 0x0D { content = content.dropLast() }
            if isSeparator(content) {
                if onlyDirectivesSoFar && sawDirective {
                    // "%YAML 1.1\n---": the separator belongs to the directives' document.
                    onlyDirectivesSoFar = false
                } else {
                    finish(end: lineStart)
                    // Text after "---" (not a comment) is the first line of the next document.
                    let rest = content.dropFirst(3)
                    let trimmed = rest.drop { $0 == 0x20 || $0 == 0x09 }
                    if trimmed.isEmpty || trimmed.first == UInt8(ascii: "#") {
                        chunkStart = next
                        chunkFirstLine = lineNumber + 1
                    } else {
                        chunkStart = lineStart + 3
                        chunkFirstLine = lineNumber
                    }
                    onlyDirectivesSoFar = true
                    sawDirective = false
                }
            } else if onlyDirectivesSoFar {
                let trimmed = content.drop { $0 == 0x20 || $0 == 0x09 }
                if content.first == UInt8(ascii: "%") {
                    sawDirective = true
                } else if !(trimmed.isEmpty || trimmed.first == UInt8(ascii: "#")) {
                    onlyDirectivesSoFar = false
                }
            }
            lineStart = next
            lineNumber += 1
        }
        finish(end: bytes.count)
        return chunks
    }

    /// `---` alone, or followed by a space, a tab or nothing else (`----` is not a separator).
    private static func isSeparator(_ line: ArraySlice<UInt8>) -> Bool {
        guard line.starts(with: [0x2D, 0x2D, 0x2D]) else { return false }
        let after = line.dropFirst(3)
        return after.isEmpty || after.first == 0x20 || after.first == 0x09
    }

    private static func makeChunk(_ bytes: ArraySlice<UInt8>, firstLine: Int) -> Chunk {
        var contentLine: Int?
        var helmSource: String?
        var line = firstLine
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.endIndex
            var text = bytes[start..<end]
            if text.last == 0x0D { text = text.dropLast() }
            let trimmed = text.drop { $0 == 0x20 || $0 == 0x09 }
            if trimmed.first == UInt8(ascii: "#") {
                let comment = String(decoding: trimmed.dropFirst(), as: UTF8.self)
                let body = comment.drop { $0 == " " }
                if helmSource == nil, body.hasPrefix("Source:") {
                    let path = body.dropFirst("Source:".count).trimmingSpaces()
                    if !path.isEmpty { helmSource = String(path) }
                }
            } else if !trimmed.isEmpty && text.first != UInt8(ascii: "%") && !isSeparator(text)
                && !(trimmed.starts(with: [0x2E, 0x2E, 0x2E])
                    && trimmed.dropFirst(3).allSatisfy({ $0 == 0x20 || $0 == 0x09 }))
            {
                // Directives, a separator kept after them, and a lone "..." are not content.
                contentLine = line
                break
            }
            start = end < bytes.endIndex ? end + 1 : end
            line += 1
        }
        return Chunk(bytes: bytes, firstLine: firstLine, contentLine: contentLine, helmSource: helmSource)
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var s = self
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return s
    }
}
