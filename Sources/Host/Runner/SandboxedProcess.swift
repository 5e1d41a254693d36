import Foundation

/// How a sandboxed child process ended.
public enum ProcessOutcome: Equatable, Sendable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)
    case timedOut(seconds: Double)

    public var description: String {
        switch self {
        case .exited(let code): return "exited with status \(code)"
        case .signalled(let signal): return "killed by signal \(signal) (\(signalName(signal)))"
        case .timedOut(let seconds): return "did not finish within \(String(format: "%.1f", seconds)) s and was killed"
        }
    }
}

/// What a finished child left behind.
public struct ProcessReport: Sendable {
    public var outcome: ProcessOutcome
    /// Peak resident memory, from the kernel's accounting.
    public var maxResidentBytes: Int
    public var wallSeconds: Double
    public var standardError: String
}

/// Runs a program in its own process group with a wall-clock limit.
///
/// `posix_spawn` puts the child in a new process group before it runs any
/// code, so on timeout the whole group — the child and anything it forked,
/// OpenMP helpers included — is killed at once.
public enum SandboxedProcess {
    public static func run(_ executable: String, _ arguments: [String], timeLimit: Double,
                           environment: [String: String]? = nil) throws -> ProcessReport {
        let errorPath = NSTemporaryDirectory() + "akg-child-\(getpid())-\(UUID().uuidString.prefix(8)).err"
        defer { unlink(errorPath) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let env = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { env.forEach { free($0) } }

        var pid = pid_t()
        let start = Date()
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, env)
        guard status == 0 else {
            throw ArenaError("cannot start \(executable): \(String(cString: strerror(status)))")
        }

        var waitStatus: Int32 = 0
        var usage = rusage()
        var outcome: ProcessOutcome?
        while outcome == nil {
            let result = wait4(pid, &waitStatus, WNOHANG, &usage)
            if result == pid {
                outcome = decode(waitStatus)
            } else if result < 0 && errno != EINTR {
                outcome = .exited(-1)
            } else if Date().timeIntervalSince(start) > timeLimit {
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
                _ = wait4(pid, &waitStatus, 0, &usage)
                outcome = .timedOut(seconds: timeLimit)
            } else {
                usleep(2_000)
            }
        }
        // Anything the child left running in its group goes too.
        kill(-pid, SIGKILL)
        let stderrText = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        return ProcessReport(outcome: outcome ?? .exited(-1), maxResidentBytes: Int(usage.ru_maxrss) * 1024,
                             wallSeconds: Date().timeIntervalSince(start),
                             standardError: String(stderrText.suffix(4000)))
    }

    private static func decode(_ status: Int32) -> ProcessOutcome {
        let signal = status & 0x7f
        if signal == 0 { return .exited((status >> 8) & 0xff) }
        return .signalled(signal)
    }
}

/// The conventional name of a signal, for messages.
func signalName(_ signal: Int32) -> String {
    switch signal {
    case SIGSEGV: return "SIGSEGV: invalid memory access"
    case SIGBUS: return "SIGBUS: invalid memory access"
    case SIGABRT: return "SIGABRT: abort"
    case SIGFPE: return "SIGFPE: arithmetic fault"
    case SIGILL: return "SIGILL: illegal instruction"
    case SIGKILL: return "SIGKILL"
    case SIGTERM: return "SIGTERM"
    default: return "signal \(signal)"
    }
}
