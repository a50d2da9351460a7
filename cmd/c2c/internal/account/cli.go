package account

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"

	"golang.org/x/term"

	"github.com/c2cnet/c2c/model"
)

// maxPasswordLine is how much of standard input ReadPassword reads for a
// password, in bytes.
const maxPasswordLine = 4096

// ReadPassword gets the new password of account name, for c2c user: asked
// twice when in is a terminal, with the prompts on prompt; else the first
// line of in; else, when in is empty, a generated one (NewPassword), and
// generated is true: the caller shows it, once. It returns EINVALID when
// the two passwords typed differ.
func ReadPassword(name string, in io.Reader, prompt io.Writer) (password string, generated bool, err error) {
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		ask := func(text string) (string, error) {
			fmt.Fprint(prompt, text)
			b, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(prompt)
			if err != nil {
				return "", fmt.Errorf("read password: %w", err)
			}
			return string(b), nil
		}
		first, err := ask("password for " + name + ": ")
		if err != nil {
			return "", false, err
		}
		again, err := ask("again: ")
		if err != nil {
			return "", false, err
		}
		if first != again {
			return "", false, &model.Error{Code: model.EINVALID, Key: "password", Message: "the two passwords differ: expected the same password twice"}
		}
		return first, false, nil
	}
	line, err := bufio.NewReader(io.LimitReader(in, maxPasswordLine)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", false, fmt.Errorf("read password from standard input: %w", err)
	}
	if password = strings.TrimRight(line, "\r\n"); password == "" {
		return NewPassword(), true, nil
	}
	return password, false, nil
}

// LoginName returns the name of the user running the program: the
// account's login, else $USER or $LOGNAME, else "".
func LoginName() string { return login("USER", "LOGNAME") }

// CommandLineActor is who the audit log names for a change made on the
// command line: cli:LOGIN (the account's login, else $USER), else cli.
func CommandLineActor() string {
	if name := login("USER"); name != "" {
		return "cli:" + name
	}
	return "cli"
}

// login returns the login of the account running the program, else the
// first of the environment variables vars that is set, else "".
func login(vars ...string) string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, v := range vars {
		if s := os.Getenv(v); s != "" {
			return s
		}
	}
	return ""
}
