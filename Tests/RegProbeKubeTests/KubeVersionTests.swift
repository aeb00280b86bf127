import Testing
import RegProbeKube

struct KubeVersionTests {
    @Test func modelledVersion() {
        #expect(KubeVersion.modelled == "1.35")
    }
}
