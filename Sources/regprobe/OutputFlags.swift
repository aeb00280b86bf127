import ArgumentParser

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct OutputFlags: ParsableArguments {
    @Option(name: [.customShort("o"), .customLong("output")], help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Flag(name: [.short, .long], help: "Show each request (method, URL, status, time) on stderr; credentials are never shown.")
    var verbose = false
}
