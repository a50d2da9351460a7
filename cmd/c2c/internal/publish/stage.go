package publish

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/match/batch"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// Options are the choices of publishing a run.
type Options struct {
	Out         string // folder of the published files
	ReportLimit int    // beneficiaries with a section in the reports; 0 for all
	Excel       bool   // byte-order mark in the CSV files
}

// Stage writes the published files of the done run r (its parameters bp
// and results res, its profiles in e) into a staging folder beside
// opts.Out, stamped as published at published, and returns it for
// Publish. On an error nothing is left behind.
func Stage(ctx context.Context, e *match.Engine, r *model.Run, bp batch.Parameters, res *model.RunResults, opts Options, published time.Time) (staged *Staging, err error) {
	s, err := NewStaging(opts.Out)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			s.Discard() // s, not staged: a failed return has set staged to nil
		}
	}()
	in := Input{Run: r, Params: bp, Cities: e.Cities(), Tax: e.Taxonomy(), Results: res, Limit: opts.ReportLimit,
		Unpartnered: e.Unpartnered(res, bp.Shortlists), Published: published}
	if in.Unlisted, err = batch.UnlistedGaps(ctx, e, bp, res); err != nil {
		return nil, err
	}
	if err = writePublication(ctx, s, in, opts.Excel); err != nil {
		return nil, err
	}
	return s, nil
}

// Staging is a hidden folder beside the output folder where the files
// of a run are written before they are published: by renaming the staging
// folder into place when the output folder does not exist yet, so that it
// appears whole or not at all, or else by moving each file into it.
type Staging struct {
	out, dir string
	names    []string
}

// StagePrefix starts the name of a staging folder; the process id follows.
const StagePrefix = ".c2c-batch-"

// rename moves a file or folder; tests replace it to fail as a rename
// across filesystems does (EXDEV).
var rename = os.Rename

// Check refuses an output folder out that c2c must not publish into: a
// file, or a folder with files that is not a c2c report (one without a
// run.json that c2c wrote). A missing folder is fine: it is created when
// the run is published. It is called before a run starts, so that a
// refused folder leaves no run behind.
func Check(out string) error {
	fi, err := os.Stat(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return &model.Error{Code: model.EINVALID, File: out, Message: "cannot read the output folder", Err: err}
	}
	if !fi.IsDir() {
		return &model.Error{Code: model.EINVALID, File: out, Message: "not a folder: expected a new folder, an empty one or one that c2c published a run in"}
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return &model.Error{Code: model.EINVALID, File: out, Message: "cannot read the output folder", Err: err}
	}
	if len(entries) == 0 || isReport(filepath.Join(out, FileRun)) {
		return nil
	}
	what := fmt.Sprintf("%d entries", len(entries))
	if len(entries) == 1 {
		what = "1 entry"
	}
	return &model.Error{Code: model.EINVALID, File: out, Message: "a folder of " + what + " that is not a c2c report (it has no run.json written by c2c): expected a new folder, an empty one or one that c2c published a run in"}
}

// isReport reports whether path is the run.json of a c2c report: a JSON
// object whose run has an id and a result digest and whose files list it.
func isReport(path string) bool {
	b, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	var pr Manifest
	if json.Unmarshal(b, &pr) != nil || pr.Run.ID < 1 || pr.Run.ResultDigest == "" {
		return false
	}
	return slices.Contains(pr.Files, FileRun)
}

// NewStaging creates a staging folder beside the output folder out (in its
// nearest existing parent, so that nothing is created for out itself until
// it is published), removing the staging folders of dead batch processes.
func NewStaging(out string) (*Staging, error) {
	abs, err := filepath.Abs(out)
	if err != nil {
		return nil, fmt.Errorf("output folder %s: %w", out, err)
	}
	parent := filepath.Dir(abs)
	for {
		if fi, err := os.Stat(parent); err == nil && fi.IsDir() {
			break
		}
		up := filepath.Dir(parent)
		if up == parent {
			break
		}
		parent = up
	}
	prefix := StagePrefix + filepath.Base(abs) + "-"
	if old, _ := filepath.Glob(filepath.Join(parent, prefix+"*")); len(old) > 0 {
		for _, dir := range old {
			if pid, err := strconv.Atoi(strings.TrimPrefix(filepath.Base(dir), prefix)); err == nil && !ProcessAlive(pid) {
				os.RemoveAll(dir)
			}
		}
	}
	dir := filepath.Join(parent, prefix+strconv.Itoa(os.Getpid()))
	os.RemoveAll(dir)
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, &model.Error{Code: model.EINVALID, File: dir, Message: "cannot create a staging folder beside the output folder", Err: err}
	}
	return &Staging{out: abs, dir: dir}, nil
}

// Create writes the staged file name through write.
func (s *Staging) Create(name string, write func(io.Writer) error) error {
	err := store.WriteFileAtomic(filepath.Join(s.dir, name), write)
	if err != nil {
		return err
	}
	s.names = append(s.names, name)
	return nil
}

// Publish puts the staged files in the output folder and removes the
// staging folder. A missing output folder is the staging folder renamed;
// an existing one gets each file by a rename. Where a rename fails because
// the staging folder is on another filesystem (EXDEV: the output folder is
// a mount point, or a parent is a link to another disk), the files are
// copied into a temporary file or folder on the output's filesystem first
// and renamed from there, so that readers still never see part of a file.
func (s *Staging) Publish() error {
	if _, err := os.Stat(s.out); errors.Is(err, fs.ErrNotExist) {
		return s.publishFolder()
	}
	for _, name := range s.names {
		src, dst := filepath.Join(s.dir, name), filepath.Join(s.out, name)
		err := rename(src, dst)
		if errors.Is(err, syscall.EXDEV) {
			err = copyFile(src, dst)
		}
		if err != nil {
			return fmt.Errorf("publish %s: %w", name, err)
		}
	}
	if err := os.RemoveAll(s.dir); err != nil {
		return fmt.Errorf("publish: remove the staging folder: %w", err)
	}
	return nil
}

// publishFolder renames the staging folder to the missing output folder,
// or copies it beside the output folder and renames the copy where the
// two are on different filesystems.
func (s *Staging) publishFolder() error {
	parent := filepath.Dir(s.out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return &model.Error{Code: model.EINVALID, File: parent, Message: "cannot create the folder of the output folder", Err: err}
	}
	err := rename(s.dir, s.out)
	if errors.Is(err, syscall.EXDEV) {
		err = s.copyFolder(parent)
	}
	if err != nil {
		return fmt.Errorf("publish %s: %w", s.out, err)
	}
	return store.SyncDir(parent)
}

// copyFolder copies the staged files into a new hidden folder in parent,
// on the output folder's filesystem, renames it to the output folder and
// removes the staging folder.
func (s *Staging) copyFolder(parent string) error {
	tmp, err := os.MkdirTemp(parent, StagePrefix+filepath.Base(s.out)+"-copy-")
	if err != nil {
		return err
	}
	for _, name := range s.names {
		if err := copyFile(filepath.Join(s.dir, name), filepath.Join(tmp, name)); err != nil {
			os.RemoveAll(tmp)
			return err
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := rename(tmp, s.out); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	return os.RemoveAll(s.dir)
}

// copyFile copies src to dst through a temporary file beside dst (see
// store.WriteFileAtomic), so that dst is whole or absent.
func copyFile(src, dst string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	return store.WriteFileAtomic(dst, func(w io.Writer) error {
		_, err := io.Copy(w, f)
		return err
	})
}

// Discard removes the staging folder and what is in it.
func (s *Staging) Discard() { os.RemoveAll(s.dir) }

// ProcessAlive reports whether process pid exists on this machine.
func ProcessAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
