import ArgumentParser
import Foundation

/// Reads a new password: from the terminal without echo (asked twice), or, when standard input
/// is not a terminal, its first line. Never from the command line, so that it shows up neither
/// in `ps` nor in shell history; never printed or logged.
enum PasswordInput {
    static func read(confirm: Bool) throws -> String {
        let password: String
        if isatty(STDIN_FILENO) == 1 {
            password = try prompt("Password: ")
            if confirm, try prompt("Again: ") != password { throw ValidationError("the passwords differ") }
        } else {
            guard let line = Swift.readLine(strippingNewline: true) else { throw ValidationError("no password on standard input") }
            password = line
        }
        guard !password.isEmpty else { throw ValidationError("empty passwords are not allowed") }
        return password
    }

    private static func prompt(_ text: String) throws -> String {
        FileHandle.standardError.write(Data(text.utf8))
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = Swift.readLine(strippingNewline: true) else { throw ValidationError("no password entered") }
        return line
    }
}
