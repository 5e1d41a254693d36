@testable import AKGHost
import Foundation
import Testing

/// The host's side of the runner's confinement: what it lets kernels touch
/// and what it hides. (The runner's enforcement is tested end to end in
/// LLMAgentTests/EscapeTests.)
@Suite struct ConfinementTests {
    /// A verifier's work folder that need not exist: the policy only names paths.
    static let work = FileManager.default.temporaryDirectory.appendingPathComponent("akg-confinement-test").path
    static let kernel = RunnerJob.Kernel(
        plugin: work + "/plugins/libakg-cpu.so",
        artifacts: [.init(name: "kernel.so", mediaType: "application/x-sharedlib", path: work + "/candidate/kernel.so")],
        signature: "{}")

    @Test func aFullyConfinedJobReadsSystemAndBuildFoldersAndWritesOnlyItsScratch() {
        let confinement = ConfinementPolicy.confinement(scratchDirectory: Self.work + "/scratch-1", kernels: [Self.kernel],
                                                        declarations: [("cpu", .init())])
        #expect(confinement.writable == [Self.work + "/scratch-1"])
        #expect(confinement.executable.isEmpty)
        #expect(!confinement.subprocesses)
        #expect(confinement.readable.contains("/usr"))
        #expect(confinement.readable.contains(Self.work + "/plugins"))
        #expect(confinement.readable.contains(Self.work + "/candidate"))
        // Not the temporary folder, not /etc as a whole, not the home folder.
        #expect(!confinement.readable.contains(FileManager.default.temporaryDirectory.path))
        #expect(!confinement.readable.contains("/etc"))
        #expect(!confinement.readable.contains { $0.hasPrefix("/root") || $0.hasPrefix("/home") })
        #expect(confinement.notes.isEmpty)
    }

    @Test func aBackendsDeclarationWidensItAndIsReported() {
        let capabilities: [String: Any] = ["sandbox": [
            "read": ["/srv/venv"], "write": ["/dev/shm", 7], "execute": ["/usr/bin"], "subprocesses": true,
        ] as [String: Any]]
        let declaration = ConfinementPolicy.Declaration(capabilities: capabilities)
        #expect(declaration == .init(read: ["/srv/venv"], write: ["/dev/shm"], execute: ["/usr/bin"], subprocesses: true))
        let confinement = ConfinementPolicy.confinement(scratchDirectory: Self.work + "/scratch-2", kernels: [Self.kernel],
                                                        declarations: [("triton", declaration)])
        #expect(confinement.writable == [Self.work + "/scratch-2", "/dev/shm"])
        #expect(confinement.readable.contains("/srv/venv"))
        #expect(confinement.subprocesses)
        // execve also opens the ELF interpreter for execution.
        #expect(confinement.executable.count > 1)
        #expect(confinement.notes.count == 1 && confinement.notes[0].contains("triton"))
    }

    @Test func capabilitiesWithoutASandboxObjectDeclareNothing() {
        #expect(ConfinementPolicy.Declaration(capabilities: ["backend": "cpu"]) == .init())
        #expect(ConfinementPolicy.Declaration(capabilities: ["sandbox": "everything"]) == .init())
    }

    @Test func theRunnerDoesNotSeeCredentials() {
        let host = ["PATH": "/usr/bin", "HOME": "/root", "OMP_PROC_BIND": "true", "AKG_PYTHON": "/x/python3",
                    "OPENAI_API_KEY": "sk-1", "AKG_LLM_API_KEY": "sk-2", "GITHUB_TOKEN": "t", "AWS_SECRET_ACCESS_KEY": "s",
                    "DATABASE_PASSWORD": "p", "SSH_AUTH_SOCK": "/tmp/ssh", "TRITON_INTERPRET": "1"]
        let runner = Verifier.runnerEnvironment(host)
        #expect(runner == ["PATH": "/usr/bin", "HOME": "/root", "OMP_PROC_BIND": "true", "AKG_PYTHON": "/x/python3",
                           "TRITON_INTERPRET": "1"])
    }

    @Test func containmentOfSeveralRunsIsTheWeakest() {
        let full = ContainmentReport(network: true, filesystem: true, processes: true, notes: [])
        let partial = ContainmentReport(network: true, filesystem: false, processes: true, notes: ["no Landlock"])
        #expect(full.meet(partial) == partial)
        #expect(partial.summary.contains("filesystem NOT confined"))
        #expect(full.summary == "network isolated, filesystem confined, processes confined")
    }
}
