// Package cmdline holds the conventions every command of c2c follows on
// its command line (urfave/cli): usage errors that name the command as
// typed and say where to look for help, flags given after the arguments,
// the --format flag, suggestions for a mistyped command name, flag names
// in the errors of the engine and the store, the exit status of an error,
// and the flags of the engine's and the pairing's parameters that several
// commands share, with their reading into model.Parameters and
// model.PairingParameters. The commands themselves are defined in package
// main.
package cmdline

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/runs"
	"github.com/c2cnet/c2c/model"
)

// ExitCode maps an error returned by the program to its exit status: 0 for
// nil, 1 for errors the user can act on (EINVALID, ENOTFOUND, ECONFLICT,
// including bad flags and arguments), 130 when interrupted, and 2 for
// internal errors.
func ExitCode(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, context.Canceled):
		return 130
	}
	switch model.ErrorCode(err) {
	case model.EINVALID, model.ENOTFOUND, model.ECONFLICT:
		return 1
	}
	return 2
}

// Prepare gives cmd and its subcommands the program's handling of usage
// errors (UsageError), of flag names in errors (FlagErrors) and of
// interrupts: an error of a command cut short by Ctrl-C is reported as
// interrupted, exit status 130 (see runs.Stopped and ExitCode).
func Prepare(cmd *cli.Command) {
	cmd.OnUsageError = UsageError
	cmd.HideHelpCommand = true // "c2c city help" means the city called help; --help still works
	if action := cmd.Action; action != nil {
		cmd.Action = func(c *cli.Context) error {
			err := FlagErrors(c, runs.Stopped(c.Context, action(c)))
			if err != nil && errors.Is(err, context.Canceled) {
				return &model.Error{Code: model.EINTERNAL, Message: "interrupted", Err: err}
			}
			return err
		}
	}
	for _, sub := range cmd.Subcommands {
		Prepare(sub)
	}
}

// FlagErrors names, in the located errors of err, the flags of the command
// c runs: an error whose key is a parameter of the engine or the store that
// the command sets by a flag of that name ("top", "quota", "country") gets
// the flag as its key ("--top"), so that the message says what to change
// on this command line. Errors from a file or with any other key are left
// as they are. This is the one place where parameter keys become flags.
func FlagErrors(c *cli.Context, err error) error {
	if err == nil {
		return nil
	}
	flags := map[string]bool{}
	for _, f := range c.Command.Flags {
		for _, name := range f.Names() {
			flags[name] = true
		}
	}
	var visit func(error)
	visit = func(err error) {
		switch e := err.(type) {
		case *model.Error:
			if e.File == "" && e.Line == 0 && flags[e.Key] {
				e.Key = "--" + e.Key
			}
			if e.Err != nil {
				visit(e.Err)
			}
		case model.Errors:
			for _, x := range e {
				visit(x)
			}
		case interface{ Unwrap() []error }:
			for _, x := range e.Unwrap() {
				visit(x)
			}
		case interface{ Unwrap() error }:
			visit(e.Unwrap())
		}
	}
	visit(err)
	return err
}

// UsageError turns a flag parsing error into a user error that says where
// to look for help. It is the OnUsageError of the program and its commands.
func UsageError(c *cli.Context, err error, isSubcommand bool) error {
	msg := err.Error()
	name := "c2c"
	if isSubcommand {
		name = CommandPath(c)
		if strings.Contains(msg, "-db") || strings.Contains(msg, "-empty") {
			msg += " (--db and --empty go before the command: c2c --db PATH " + c.Command.Name + ")"
		}
	}
	return &model.Error{Code: model.EINVALID, Message: fmt.Sprintf("%s: %s (see %s --help)", name, msg, name)}
}

// Usagef returns a user error about the command line of the command c runs.
func Usagef(c *cli.Context, format string, args ...any) error {
	name := CommandPath(c)
	return &model.Error{Code: model.EINVALID, Message: fmt.Sprintf("%s: %s (see %s --help)", name, fmt.Sprintf(format, args...), name)}
}

// CommandPath names the command c runs as the user types it, "c2c rule
// pin" for a subcommand, so that hints name commands that exist.
func CommandPath(c *cli.Context) string {
	var names []string
	for _, ctx := range c.Lineage() {
		if cmd := ctx.Command; cmd != nil && cmd.Name != "" && cmd.Name != c.App.Name {
			names = append(names, cmd.Name)
		}
	}
	slices.Reverse(names)
	return strings.Join(append([]string{"c2c"}, names...), " ")
}

// UnknownCommand reports a command name (or, under a command with
// subcommands, a subcommand name) that does not exist, suggesting close
// ones.
func UnknownCommand(c *cli.Context, name string) error {
	commands := c.App.VisibleCommands()
	if c.Command != nil && len(c.Command.Subcommands) > 0 {
		commands = c.Command.VisibleCommands()
	}
	var names []string
	for _, cmd := range commands {
		names = append(names, cmd.Name) // not the aliases: "h" is no suggestion for a typo
	}
	if s := model.ClosestIDs(name, names, 3); len(s) > 0 {
		return Usagef(c, "unknown command %q: did you mean %s?", name, strings.Join(s, ", "))
	}
	return Usagef(c, "unknown command %q", name)
}

// Arguments returns the positional arguments of the command c runs. Flags
// of the command given after the arguments ("c2c city palembang --format
// json") are applied first: urfave/cli stops parsing flags at the first
// argument. Everything after "--" is an argument.
func Arguments(c *cli.Context) ([]string, error) {
	in := c.Args().Slice()
	var out []string
	for i := 0; i < len(in); i++ {
		a := in[i]
		if a == "--" {
			out = append(out, in[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			out = append(out, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		f := commandFlag(c.Command, name)
		if f == nil {
			return nil, Usagef(c, "flag provided but not defined: %s", a)
		}
		if _, isBool := f.(*cli.BoolFlag); isBool && !hasValue {
			value = "true"
		} else if !hasValue {
			if i+1 == len(in) {
				return nil, Usagef(c, "flag needs an argument: %s", a)
			}
			i++
			value = in[i]
		}
		if err := c.Set(name, value); err != nil {
			return nil, Usagef(c, "invalid value %q for flag %s: %v", value, a, err)
		}
	}
	return out, nil
}

// NoArguments applies the flags of the command c runs (see Arguments) and
// returns a usage error if it was given any positional argument.
func NoArguments(c *cli.Context) error {
	_, err := ExactArguments(c, 0, "")
	return err
}

// ExactArguments applies the flags of the command c runs (see Arguments)
// and returns its positional arguments when there are exactly n, else a
// usage error: "unexpected argument" for a command that takes none,
// "expected WHAT, got N arguments" for one that takes n, described by
// what ("one city id").
func ExactArguments(c *cli.Context, n int, what string) ([]string, error) {
	args, err := Arguments(c)
	if err != nil {
		return nil, err
	}
	switch {
	case len(args) == n:
		return args, nil
	case n == 0:
		return nil, Usagef(c, "unexpected argument %q", args[0])
	}
	return nil, Usagef(c, "expected %s, got %d arguments", what, len(args))
}

// Given returns a lookup of the string flags of c: the value of flag name
// when the command line sets it, even to "", else nil.
func Given(c *cli.Context) func(name string) *string {
	return func(name string) *string {
		if !c.IsSet(name) {
			return nil
		}
		v := c.String(name)
		return &v
	}
}

// commandFlag returns the flag of cmd called name, or nil.
func commandFlag(cmd *cli.Command, name string) cli.Flag {
	for _, f := range cmd.Flags {
		for _, n := range f.Names() {
			if n == name {
				return f
			}
		}
	}
	return nil
}
