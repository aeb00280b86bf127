import Testing

@testable import RegProbeKube

/// Finding containers in workloads (files in `testdata/k8s/`), with namespaces, policies, secrets, accounts.
@Suite("workload walking")
struct WorkloadWalkerTests {
    static func scan(_ file: String, namespace: String = "default") -> WorkloadScan {
        let set = KubeDocumentLoader.load(path: TestSupport.k8s(file))
        var scan = WorkloadWalker.walk(set.documents, defaultNamespace: namespace)
        scan.problems = set.problems + scan.problems
        return scan
    }

    /// `list/name image policy` for compact comparisons.
    static func summary(_ c: ContainerSpec) -> String {
        "\(c.list.rawValue)/\(c.containerName) \(c.image) \(c.pullPolicy?.rawValue ?? "-")"
    }

    @Test func deployment() {
        let scan = Self.scan("deployment.yaml")
        #expect(scan.problems.isEmpty)
        #expect(
            scan.containers.map(Self.summary) == [
                "initContainers/migrate registry.example.com/shop/migrate:2.1 IfNotPresent",
                "containers/app registry.example.com/shop/web:1.4.2 IfNotPresent",
                "containers/sidecar envoyproxy/envoy:v1.30-latest IfNotPresent",
            ])
        #expect(scan.containers.allSatisfy { $0.namespace == "shop" && $0.workload == "Deployment/web" })
        #expect(scan.containers.allSatisfy { $0.imagePullSecrets == ["regcred"] && $0.serviceAccountName == "default" })
        #expect(scan.containers[1].explicitPullPolicy == "IfNotPresent")
        #expect(scan.containers[0].explicitPullPolicy == nil)
        #expect(scan.secrets.map(\.qualifiedName) == ["shop/regcred"])
        #expect(scan.secrets.first?.findings.isEmpty == true)
        #expect(scan.skipped == ["Service/web"])
    }

    @Test func cronJobWithInitContainers() {
        let scan = Self.scan("cronjob.yaml", namespace: "reports")
        #expect(
            scan.containers.map(Self.summary) == [
                "initContainers/fetch busybox Always",
                "initContainers/unpack alpine:3.20 IfNotPresent",
                "containers/report ghcr.io/acme/report@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 Never",
            ])
        #expect(
            scan.containers.allSatisfy {
                $0.namespace == "reports" && $0.serviceAccountName == "reporter" && $0.imagePullSecrets == nil
                    && $0.workload == "CronJob/nightly-report"
            })
    }

    @Test func podWithEphemeralContainers() {
        let scan = Self.scan("pod-ephemeral.yaml")
        #expect(
            scan.containers.map(Self.summary) == [
                "containers/web nginx:1.27 IfNotPresent",
                "ephemeralContainers/debugger-x7k2p busybox:1.36 IfNotPresent",
            ])
        #expect(
            scan.containers.allSatisfy {
                $0.namespace == "tools" && $0.imagePullSecrets == [] && $0.serviceAccountName == "builder"
            })
        #expect(scan.containers.allSatisfy { $0.isPod })
    }

    @Test func list() {
        let scan = Self.scan("list.yaml")
        #expect(scan.containers.map(Self.summary) == ["containers/postgres postgres:16 IfNotPresent"])
        #expect(scan.containers.first?.workload == "StatefulSet/db")
        #expect(scan.containers.first?.origin.listItem == 1)
        #expect(scan.secrets.map(\.qualifiedName) == ["data/ghcr"])
        #expect(scan.skipped == ["Service/db"])
    }

    @Test func helmRendered() {
        let scan = Self.scan("helm-rendered.yaml", namespace: "shop-ns")
        #expect(scan.problems.isEmpty)
        #expect(
            scan.containers.map(Self.summary) == [
                "containers/shop registry.example.com/shop/api:0.3.1 IfNotPresent",
                "containers/metrics prom/statsd-exporter Always",
                "containers/agent registry.example.com/shop/agent:0.3.1 Always",
                "containers/migrate registry.example.com/shop/migrate:0.3.1 IfNotPresent",
            ])
        #expect(
            scan.containers.map(\.workload) == [
                "Deployment/shop", "Deployment/shop", "DaemonSet/shop-agent", "Job/shop-migrate",
            ])
        #expect(scan.containers.map(\.serviceAccountName) == ["shop", "shop", "default", "default"])
        #expect(scan.containers.map(\.imagePullSecrets) == [nil, nil, nil, ["other-pull"]])
        #expect(scan.containers.allSatisfy { $0.namespace == "shop-ns" })
        #expect(
            scan.serviceAccounts == [
                ServiceAccountRef(
                    namespace: "shop-ns", name: "shop", imagePullSecrets: ["shop-pull"],
                    origin: scan.serviceAccounts.first?.origin)
            ])
        #expect(scan.secrets.map(\.qualifiedName) == ["shop-ns/shop-pull"])
        #expect(scan.secrets.first?.keyringEntries.map(\.credential.username) == ["shop-ci"])
        #expect(scan.skipped == ["ConfigMap/shop-config", "Service/shop"])
        #expect(scan.containers.first?.origin.helmSource == "shop/templates/deployment.yaml")
    }

    @Test func unparseableDocumentIsReportedAndTheRestWalked() {
        let scan = Self.scan("broken.yaml")
        #expect(scan.containers.map(\.workloadName) == ["first", "third"])
        #expect(scan.problems.map(\.index) == [2, 4])
    }

    @Test func jsonInput() {
        let scan = Self.scan("workloads.json", namespace: "d")
        #expect(
            scan.containers.map(Self.summary) == [
                "containers/api quay.io/acme/api:v2 Always",
                "containers/old quay.io/acme/legacy Always",
            ])
        #expect(scan.containers.map(\.namespace) == ["json-ns", "d"])
        #expect(scan.containers.first?.imagePullSecrets == ["json-pull", ""])
        #expect(scan.secrets.map(\.qualifiedName) == ["json-ns/json-pull"])
        #expect(scan.secrets.first?.keyringEntries.map(\.credential.username) == ["robot+ci"])
    }

    @Test func serviceAccounts() {
        let scan = Self.scan("serviceaccount.yaml")
        #expect(
            scan.serviceAccounts.map { "\($0.namespace)/\($0.name) \($0.imagePullSecrets)" } == [
                "ci/builder [\"sa-pull\", \"sa-pull-2\"]"
            ])
        #expect(scan.containers.map(\.workloadName) == ["uses-sa-secrets", "own-secrets", "other-namespace"])
        #expect(scan.containers.map(\.imagePullSecrets) == [nil, ["pod-pull"], nil])
    }

    @Test func directory() {
        let scan = Self.scan("dir")
        #expect(scan.containers.map(\.image) == ["a.example.com/a:1", "b.example.com/b:1", "c.example.com/c:1"])
    }

    @Test func otherShapes() {
        let text = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata: {name: canary}
            spec:
              template:
                spec:
                  containers: [{name: app, image: "r.io/app:1", imagePullPolicy: always}]
            ---
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: not-a-workload}
            spec:
              template: {spec: {replicas: 3}}
            ---
            apiVersion: v1
            kind: PodTemplate
            metadata: {name: tpl}
            template:
              spec:
                serviceAccount: legacy-sa
                containers: [{name: t, image: "r.io/t"}]
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: no-template}
            spec: {replicas: 1}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: bad-lists}
            spec:
              containers: {name: x}
              initContainers: [42, {name: ok, image: "r.io/ok"}]
            """
        let set = KubeDocumentLoader.parse(text: text, file: "shapes")
        let scan = WorkloadWalker.walk(set.documents)
        #expect(scan.containers.map(\.containerName) == ["app", "t", "ok"])
        #expect(scan.containers.first?.pullPolicy == nil)  // "always" is not a supported value
        #expect(scan.containers[1].serviceAccountName == "legacy-sa")
        #expect(scan.skipped == ["Widget/not-a-workload"])
        #expect(scan.problems.count == 3)
        #expect(scan.problems.map(\.message).contains { $0.contains("no pod spec") })
    }
}
