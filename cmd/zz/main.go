package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/c2cnet/c2c/fixtures/vectors"
)

func main() {
	t, _ := vectors.Default()
	for _, p := range os.Args[1:] {
		ab := strings.Split(p, ":")
		c, ok := t.Cosine(ab[0], ab[1])
		fmt.Printf("%s %s %.3f %v rank %d %d\n", ab[0], ab[1], c, ok, t.Rank(ab[0]), t.Rank(ab[1]))
	}
}
