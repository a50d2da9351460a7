package main

// Version is the version of the c2c engine and its command-line program,
// printed by "c2c --version".
const Version = "0.1.0"
