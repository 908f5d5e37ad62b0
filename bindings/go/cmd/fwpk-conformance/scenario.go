package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"fwpkclnt/bindings/go/fwpk"
)

var declarations = map[string]bool{"cond": true, "filter": true, "ftmpl": true, "traffic": true, "getspi": true,
	"sa": true, "bundle": true, "details": true, "ctxval": true, "ctmpl": true, "sleep": true}

// firstCall is the function name of the first call line of a scenario, or "".
func firstCall(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		tok := strings.Fields(line)
		if len(tok) == 0 || declarations[tok[0]] {
			continue
		}
		if len(tok) >= 3 && strings.HasPrefix(tok[0], "$") && tok[1] == "=" {
			return tok[2], nil
		}
		return tok[0], nil
	}
	return "", sc.Err()
}

func run(scenarioDir, traceDir string) int {
	files, err := filepath.Glob(filepath.Join(scenarioDir, "*.scn"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	sort.Strings(files)
	if err := os.MkdirAll(traceDir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	_ = fwpk.LibVersion() // the runner links the binding
	for _, f := range files {
		call, err := firstCall(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		out := ""
		if call != "" {
			out = "1 " + call + " RUNNER_ERROR\n"
		}
		name := strings.TrimSuffix(filepath.Base(f), ".scn")
		if err := os.WriteFile(filepath.Join(traceDir, name+".trace"), []byte(out), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	fmt.Fprintf(os.Stderr, "fwpk-conformance: %d scenario(s): scaffold runner, every trace is RUNNER_ERROR\n", len(files))
	return 0
}
