// Command c2c is the command-line program of the c2c matchmaking engine for
// city-to-city cooperation: it imports and exports member profiles in the
// c2c/v1 interchange format, lists and shows the members, the exchange
// history and the taxonomy of topics, and generates synthetic networks for
// tests and benchmarks.
//
// Usage:
//
//	c2c [--db PATH] [--empty] COMMAND [FLAGS] [ARGUMENTS]
//
// The database is a SQLite file, by default $XDG_DATA_HOME/c2c/c2c.db (else
// ~/.local/share/c2c/c2c.db), or the one named by --db or $C2C_DB. It is
// created on first use and loaded with the embedded sample network unless
// --empty is given, so the program works with no setup.
//
// Exit status: 0 on success, 1 when the input or the command line is wrong
// (the message says what was expected), 2 on an internal error.
//
// The program is built as in benbjohnson/wtf: main only wires signals, and
// Main holds the writers, the reference tables and the store; each command
// lives in its own file and returns a *cli.Command.
package main
