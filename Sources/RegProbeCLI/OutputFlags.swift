import ArgumentParser

public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json, junit
}

public struct OutputFlags: ParsableArguments {
    public init() {}

    @Option(
        name: [.customShort("o"), .customLong("output")], help: "Output format: text or json (and junit for scan).")
    public var format: OutputFormat = .text

    @Flag(
        name: [.short, .long],
        help: "Show each request (method, URL, status, time) on stderr; credentials are never shown.")
    public var verbose = false
}
