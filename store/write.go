package store

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/c2cnet/c2c/model"
)

// WriteJSON writes doc as an indented c2c/v1 JSON document: keys in a fixed
// order, two spaces per level, country codes in upper case, and nothing
// HTML-escaped. It writes one city at a time, so memory does not grow with
// the document.
func WriteJSON(w io.Writer, doc *model.Document) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("    ", "  ")
	// value appends v, indented as an element of a top-level list.
	value := func(v any) error {
		buf.Reset()
		if err := enc.Encode(v); err != nil {
			return err
		}
		bw.WriteString("    ")
		bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		return nil
	}
	list := func(name string, n int, elem func(i int) error) error {
		fmt.Fprintf(bw, ",\n  %q: [", name)
		for i := range n {
			if i > 0 {
				bw.WriteByte(',')
			}
			bw.WriteByte('\n')
			if err := elem(i); err != nil {
				return fmt.Errorf("%s[%d]: %w", name, i, err)
			}
		}
		if n > 0 {
			bw.WriteString("\n  ")
		}
		bw.WriteByte(']')
		return nil
	}
	format := doc.Format
	if format == "" {
		format = model.FormatVersion
	}
	buf.Reset()
	if err := enc.Encode(format); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	fmt.Fprintf(bw, "{\n  \"format\": %s", bytes.TrimSpace(buf.Bytes()))
	err := list("cities", len(doc.Cities), func(i int) error {
		c := doc.Cities[i]
		c.Country = strings.ToUpper(c.Country)
		return value(c)
	})
	if err == nil && len(doc.Exchanges) > 0 {
		err = list("exchanges", len(doc.Exchanges), func(i int) error { return value(doc.Exchanges[i]) })
	}
	if err == nil && len(doc.Rules) > 0 {
		err = list("rules", len(doc.Rules), func(i int) error { return value(doc.Rules[i]) })
	}
	if err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	bw.WriteString("\n}\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}

// WriteFileAtomic writes the file at path through write, so that readers
// see the old file or the whole new one, never a part: it writes a
// temporary file in the same folder, flushes it to disk and renames it over
// path. An existing file keeps its permissions; a new one gets 0644.
func WriteFileAtomic(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		if !fi.Mode().IsRegular() {
			return &model.Error{Code: model.EINVALID, File: path, Message: "not a regular file: expected a file to write"}
		}
		mode = fi.Mode().Perm()
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	bw := bufio.NewWriterSize(f, 64<<10)
	if err := write(bw); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Chmod(mode); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return SyncDir(dir)
}

// SyncDir flushes the entries of folder dir, so that a rename in it survives a
// crash.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
