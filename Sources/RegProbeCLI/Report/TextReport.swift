import RegProbe

/// The default output: one line per image (a mark, the image as given, the status word, the short digest or
/// the reason) and, for a failure, one hint line with the next step.
enum TextReport {
    static func render(_ verdicts: [Verdict], color: Bool) -> String {
        let width = imageColumnWidth(verdicts.map(\.image))
        var out = ""
        for verdict in verdicts {
            out += line(verdict, width: width, color: color) + "\n"
        }
        return out
    }

    /// The image column: as wide as the longest image, up to 60 characters.
    static func imageColumnWidth(_ images: [String]) -> Int {
        min(60, images.map { TerminalText.escape($0, limit: TerminalText.fieldLimit).count }.max() ?? 0)
    }

    /// The status column: wide enough for every word but the rare `invalid-reference`.
    static let statusWidth = Status.networkError.rawValue.count

    static func line(_ verdict: Verdict, width: Int, color: Bool) -> String {
        let ok = verdict.status == .exists
        let mark = ok ? paint("✓", .green, color) : paint("✗", .red, color)
        // Everything but the status word and the marks may hold text from outside: escaped, and capped.
        let image = TerminalText.escape(verdict.image, limit: TerminalText.fieldLimit).padding(to: width)
        let message = TerminalText.escape(verdict.message)
        let word = paint(verdict.status.rawValue.padding(to: statusWidth), ok ? .green : .red, color)
        var text = "\(mark) \(image)  \(word)  "
        if ok {
            let digest = verdict.digest.flatMap(Digest.init(parsing:))?.short ?? (verdict.digest ?? "")
            text += "\(TerminalText.escape(digest, limit: TerminalText.fieldLimit))  \(message)"
        } else {
            text += message
        }
        if let limit = verdict.rateLimit {
            let parts = [
                limit.remaining.map { "remaining \($0)" }, limit.limit.map { "limit \($0)" },
                limit.retryAfter.map { "retry after \($0)" },
            ].compactMap { $0 }
            if !parts.isEmpty {
                text += " [\(TerminalText.escape(parts.joined(separator: ", "), limit: TerminalText.fieldLimit))]"
            }
        }
        if let platforms = verdict.platforms, !platforms.isEmpty {
            text += "\n    platforms: " + TerminalText.escape(platforms.joined(separator: ", "))
        }
        for tried in verdict.endpointsTried {
            text +=
                "\n    " + paint("tried: ", .yellow, color)
                + TerminalText.escape("\(tried.role) \(tried.endpoint): \(tried.status.rawValue): \(tried.message)")
        }
        if let endpoint = verdict.endpoint {
            text += "\n    answered by: " + TerminalText.escape(endpoint)
        }
        for note in verdict.notes {
            text += "\n    " + paint("note: ", .yellow, color) + TerminalText.escape(note)
        }
        if let hint = verdict.hint {
            text += "\n    " + paint("hint: ", .cyan, color) + TerminalText.escape(hint)
        }
        return text
    }

    enum Colour: String, Sendable {
        case red = "31"
        case green = "32"
        case yellow = "33"
        case cyan = "36"
    }

    static func paint(_ text: String, _ colour: Colour, _ enabled: Bool) -> String {
        enabled ? "\u{1B}[\(colour.rawValue)m\(text)\u{1B}[0m" : text
    }
}
