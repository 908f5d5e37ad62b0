package main

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"fwpkclnt/bindings/go/fwpk"
)

// rerr is a runner error (FORMAT.md §5.4): it ends the scenario's trace.
type rerr string

func fail(format string, a ...any) { panic(rerr(fmt.Sprintf(format, a...))) }

// ---- the parse step --------------------------------------------------------

// line is one item of a scenario: a call, a declaration or a sleep.
type line struct {
	bind string // "$name" or ""
	verb string // call name, declaration kind or "sleep"
	name string // declaration NAME
	args *args
	bad  string // syntax error (reported when the line is reached)
}

var declKinds = map[string]bool{"cond": true, "filter": true, "ftmpl": true, "traffic": true, "getspi": true,
	"sa": true, "bundle": true, "details": true, "ctxval": true, "ctmpl": true}

func parse(src string) []line {
	var out []line
	for _, raw := range strings.Split(src, "\n") {
		raw = strings.TrimSuffix(raw, "\r")
		var tok []string
		for _, t := range strings.FieldsFunc(raw, func(c rune) bool { return c == ' ' || c == '\t' }) {
			if strings.HasPrefix(t, "#") || t == "->" {
				break
			}
			tok = append(tok, t)
		}
		if len(tok) == 0 {
			continue
		}
		var l line
		if strings.HasPrefix(tok[0], "$") && len(tok) >= 2 && tok[1] == "=" {
			l.bind, tok = tok[0], tok[2:]
			if len(tok) == 0 {
				out = append(out, line{verb: l.bind, bad: "binding without a call"})
				continue
			}
		}
		l.verb, tok = tok[0], tok[1:]
		if declKinds[l.verb] {
			if l.bind != "" || len(tok) == 0 || strings.Contains(tok[0], "=") {
				l.bad = "declaration syntax: " + l.verb + " NAME key=value..."
			} else {
				l.name, tok = tok[0], tok[1:]
			}
		}
		if l.verb == "sleep" {
			if l.bind != "" || len(tok) != 1 {
				l.bad = "sleep MS"
			} else {
				l.name, tok = tok[0], nil
			}
		}
		l.args = &args{}
		for _, t := range tok {
			k, v, ok := strings.Cut(t, "=")
			if !ok {
				l.bad = "bad argument " + t
				break
			}
			l.args.k = append(l.args.k, k)
			l.args.v = append(l.args.v, v)
		}
		l.args.used = make([]bool, len(l.args.k))
		out = append(out, l)
	}
	return out
}

// runScenario resets the engine, executes the scenario and returns its trace.
func (r *runner) runScenario(name, src string) (trace string) {
	r.reset()
	r.vars = nil
	r.decls = map[string]decl{}
	r.lits = scanGUIDs(src)
	r.src = src
	var b strings.Builder
	step := 0
	for _, l := range parse(src) {
		isCall := !declKinds[l.verb] && l.verb != "sleep"
		if isCall {
			step++
		}
		out, err := r.exec(l)
		if err != "" {
			fmt.Fprintf(os.Stderr, "%s: step %d (%s): %s\n", name, step, l.verb, err)
			n := step
			if !isCall {
				n = step + 1
			}
			fmt.Fprintf(&b, "%d %s RUNNER_ERROR\n", n, l.verb)
			break
		}
		if isCall {
			fmt.Fprintf(&b, "%d %s %s\n", step, l.verb, out)
		}
	}
	return b.String()
}

// exec runs one line; a runner error comes back as err.
func (r *runner) exec(l line) (out string, err rerr) {
	defer func() {
		if x := recover(); x != nil {
			e, ok := x.(rerr)
			if !ok {
				panic(x)
			}
			err = e
		}
	}()
	if l.bad != "" {
		fail("%s", l.bad)
	}
	switch {
	case l.verb == "sleep":
		time.Sleep(time.Duration(num(l.name)) * time.Millisecond)
	case declKinds[l.verb]:
		r.declare(l.verb, l.name, l.args)
		l.args.checkUsed()
	default:
		out = r.call(l.verb, l.bind, l.args)
	}
	return out, ""
}

// ---- arguments -----------------------------------------------------------------

type args struct {
	k, v []string
	used []bool
}

// get returns the value of key k and whether it was given (marks it used).
func (a *args) get(k string) (string, bool) {
	for i := range a.k {
		if a.k[i] == k {
			a.used[i] = true
			return a.v[i], true
		}
	}
	return "", false
}

func (a *args) opt(k, def string) string {
	if v, ok := a.get(k); ok {
		return v
	}
	return def
}

func (a *args) req(k string) string {
	v, ok := a.get(k)
	if !ok {
		fail("missing %s=", k)
	}
	return v
}

// is reports whether k was given with value v.
func (a *args) is(k, v string) bool {
	x, ok := a.get(k)
	return ok && x == v
}

func (a *args) checkUsed() {
	for i, u := range a.used {
		if !u {
			fail("unknown key %s", a.k[i])
		}
	}
}

// ---- numbers, names, addresses, GUIDs --------------------------------------------

func parseNum(s string) (uint64, bool) {
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		v, err := strconv.ParseUint(s[2:], 16, 64)
		return v, err == nil
	}
	if s == "" || s[0] < '0' || s[0] > '9' {
		return 0, false
	}
	v, err := strconv.ParseUint(s, 10, 64)
	return v, err == nil
}

func num(s string) uint64 {
	v, ok := parseNum(s)
	if !ok {
		fail("bad number '%s'", s)
	}
	return v
}

// nameTable maps the names of one enumeration to their values.
type nameTable []struct {
	n string
	v uint64
}

func (t nameTable) parse(s string) uint64 {
	for _, e := range t {
		if e.n == s {
			return e.v
		}
	}
	return num(s)
}

func (t nameTable) name(v uint64) string {
	for _, e := range t {
		if e.v == v {
			return e.n
		}
	}
	return strconv.FormatUint(v, 10)
}

var (
	tIPV    = nameTable{{"V4", 0}, {"V6", 1}, {"NONE", 2}}
	tDir    = nameTable{{"OUT", 0}, {"IN", 1}}
	tTType  = nameTable{{"TRANSPORT", 0}, {"TUNNEL", 1}}
	tXform  = nameTable{{"AH", 1}, {"ESP_AUTH", 2}, {"ESP_CIPHER", 3}, {"ESP_AUTH_AND_CIPHER", 4}, {"ESP_AUTH_FW", 5}}
	tAuth   = nameTable{{"MD5", 0}, {"SHA_1", 1}, {"SHA_256", 2}, {"AES_128", 3}, {"AES_192", 4}, {"AES_256", 5}}
	tAuthC  = nameTable{{"HMAC_MD5_96", 0}, {"HMAC_SHA_1_96", 1}, {"HMAC_SHA_256_128", 2}, {"GCM_AES_128", 3}, {"GCM_AES_192", 4}, {"GCM_AES_256", 5}}
	tCipher = nameTable{{"DES", 1}, {"3DES", 2}, {"AES_128", 3}, {"AES_192", 4}, {"AES_256", 5}}
	tCiphC  = nameTable{{"CBC_DES", 1}, {"CBC_3DES", 2}, {"CBC_AES_128", 3}, {"CBC_AES_192", 4}, {"CBC_AES_256", 5},
		{"GCM_AES_128", 6}, {"GCM_AES_192", 7}, {"GCM_AES_256", 8}}
	tMatch = nameTable{{"EQUAL", 0}, {"GREATER", 1}, {"LESS", 2}, {"GREATER_OR_EQUAL", 3}, {"LESS_OR_EQUAL", 4},
		{"RANGE", 5}, {"FLAGS_ALL_SET", 6}, {"FLAGS_ANY_SET", 7}, {"FLAGS_NONE_SET", 8},
		{"EQUAL_CASE_INSENSITIVE", 9}, {"NOT_EQUAL", 10}, {"PREFIX", 11}, {"NOT_PREFIX", 12}}
	tAction = nameTable{{"BLOCK", uint64(fwpk.ActionBlock)}, {"PERMIT", uint64(fwpk.ActionPermit)},
		{"CALLOUT_TERMINATING", uint64(fwpk.ActionCalloutTerminating)},
		{"CALLOUT_INSPECTION", uint64(fwpk.ActionCalloutInspection)},
		{"CALLOUT_UNKNOWN", uint64(fwpk.ActionCalloutUnknown)}}
	tEnumType = nameTable{{"FULLY_CONTAINED", 0}, {"OVERLAPPING", 1}}
)

// guidTable maps names to well-known GUIDs.
type guidTable []struct {
	n string
	g fwpk.GUID
}

var (
	tLayer = guidTable{
		{"INBOUND_TRANSPORT_V4", fwpk.LayerInboundTransportV4}, {"INBOUND_TRANSPORT_V6", fwpk.LayerInboundTransportV6},
		{"OUTBOUND_TRANSPORT_V4", fwpk.LayerOutboundTransportV4}, {"OUTBOUND_TRANSPORT_V6", fwpk.LayerOutboundTransportV6},
		{"IPSEC_V4", fwpk.LayerIpsecV4}, {"IPSEC_V6", fwpk.LayerIpsecV6},
		{"IKEEXT_V4", fwpk.LayerIkeextV4}, {"IKEEXT_V6", fwpk.LayerIkeextV6}}
	tCallout = guidTable{
		{"IPSEC_INBOUND_TRANSPORT_V4", fwpk.CalloutIpsecInboundTransportV4},
		{"IPSEC_INBOUND_TRANSPORT_V6", fwpk.CalloutIpsecInboundTransportV6},
		{"IPSEC_OUTBOUND_TRANSPORT_V4", fwpk.CalloutIpsecOutboundTransportV4},
		{"IPSEC_OUTBOUND_TRANSPORT_V6", fwpk.CalloutIpsecOutboundTransportV6},
		{"IPSEC_INBOUND_TUNNEL_V4", fwpk.CalloutIpsecInboundTunnelV4},
		{"IPSEC_INBOUND_TUNNEL_V6", fwpk.CalloutIpsecInboundTunnelV6},
		{"IPSEC_OUTBOUND_TUNNEL_V4", fwpk.CalloutIpsecOutboundTunnelV4},
		{"IPSEC_OUTBOUND_TUNNEL_V6", fwpk.CalloutIpsecOutboundTunnelV6}}
	tField = guidTable{
		{"local_addr", fwpk.ConditionIPLocalAddress}, {"remote_addr", fwpk.ConditionIPRemoteAddress},
		{"local_port", fwpk.ConditionIPLocalPort}, {"remote_port", fwpk.ConditionIPRemotePort},
		{"protocol", fwpk.ConditionIPProtocol}}
)

func (t guidTable) parse(s string) fwpk.GUID {
	for _, e := range t {
		if e.n == s {
			return e.g
		}
	}
	return parseGUID(s)
}

func parseGUIDBody(s string) (fwpk.GUID, bool) {
	var g fwpk.GUID
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return g, false
	}
	h := strings.ReplaceAll(s, "-", "")
	var b [16]byte
	for i := range b {
		v, err := strconv.ParseUint(h[2*i:2*i+2], 16, 8)
		if err != nil {
			return g, false
		}
		b[i] = byte(v)
	}
	g.Data1 = uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	g.Data2 = uint16(b[4])<<8 | uint16(b[5])
	g.Data3 = uint16(b[6])<<8 | uint16(b[7])
	copy(g.Data4[:], b[8:])
	return g, true
}

// parseGUID is `zero` or `guid:…`.
func parseGUID(s string) fwpk.GUID {
	if s == "zero" {
		return fwpk.GUID{}
	}
	if g, ok := parseGUIDBody(strings.TrimPrefix(s, "guid:")); ok && strings.HasPrefix(s, "guid:") {
		return g
	}
	fail("bad guid '%s'", s)
	return fwpk.GUID{}
}

// scanGUIDs collects every `guid:` literal of the scenario file (§5.2).
func scanGUIDs(src string) []fwpk.GUID {
	var lits []fwpk.GUID
	for i := 0; ; {
		j := strings.Index(src[i:], "guid:")
		if j < 0 {
			return lits
		}
		i += j + 5
		if len(src)-i >= 36 {
			if g, ok := parseGUIDBody(src[i : i+36]); ok {
				lits = append(lits, g)
			}
		}
	}
}

func parseV4(s string) uint32 {
	ip := net.ParseIP(s)
	if ip == nil || ip.To4() == nil || strings.Contains(s, ":") {
		fail("bad v4 '%s'", s)
	}
	v := ip.To4()
	return uint32(v[0])<<24 | uint32(v[1])<<16 | uint32(v[2])<<8 | uint32(v[3])
}

func parseV6(s string) [16]byte {
	ip := net.ParseIP(s)
	if ip == nil || !strings.Contains(s, ":") || strings.Contains(s, ".") {
		fail("bad v6 '%s'", s)
	}
	var b [16]byte
	copy(b[:], ip.To16())
	return b
}

// blob is the key form: hex bytes, `empty` ({0,NULL}) or `null:N` ({N,NULL}:
// nullN > 0 is a lie the value types cannot carry).
func parseBlob(s string) (b []byte, nullN uint32) {
	if s == "empty" {
		return nil, 0
	}
	if strings.HasPrefix(s, "null:") {
		return nil, uint32(num(s[5:]))
	}
	if len(s)%2 != 0 {
		fail("odd hex '%s'", s)
	}
	b = make([]byte, len(s)/2)
	for i := range b {
		v, err := strconv.ParseUint(s[2*i:2*i+2], 16, 8)
		if err != nil {
			fail("bad hex '%s'", s)
		}
		b[i] = byte(v)
	}
	return b, 0
}

func parseUDP(s string, given bool) *fwpk.V4UdpEncapsulation {
	if !given || s == "null" {
		return nil
	}
	l, r, ok := strings.Cut(s, ":")
	lv, ok1 := parseNum(l)
	rv, ok2 := parseNum(r)
	if !ok || !ok1 || !ok2 {
		fail("bad udp '%s'", s)
	}
	return &fwpk.V4UdpEncapsulation{LocalUdpEncapPort: uint16(lv), RemoteUdpEncapPort: uint16(rv)}
}

// ---- condition values (§2.1) -----------------------------------------------------

func parseValue(s string) fwpk.Value {
	if s == "empty" {
		return fwpk.EmptyValue()
	}
	kind, v, ok := strings.Cut(s, ":")
	if !ok {
		fail("bad value '%s'", s)
	}
	switch kind {
	case "u8":
		return fwpk.U8(uint8(num(v)))
	case "u16":
		return fwpk.U16(uint16(num(v)))
	case "u32":
		return fwpk.U32(uint32(num(v)))
	case "u64":
		return fwpk.U64(num(v))
	case "v4":
		return fwpk.V4(parseV4(v))
	case "v6":
		return fwpk.V6(parseV6(v))
	case "v4mask", "v6mask":
		i := strings.LastIndex(v, "/")
		if i < 0 {
			fail("bad mask '%s'", s)
		}
		addr, m := v[:i], v[i+1:]
		if kind == "v6mask" {
			return fwpk.V6Mask(parseV6(addr), uint8(num(m)))
		}
		if strings.Contains(m, ".") {
			return fwpk.V4Mask(parseV4(addr), parseV4(m))
		}
		p := num(m)
		if p > 32 {
			fail("bad prefix '%s'", s)
		}
		mask := uint32(0)
		if p > 0 {
			mask = ^uint32(0) << (32 - p)
		}
		return fwpk.V4Mask(parseV4(addr), mask)
	case "range":
		lo, hi, ok := strings.Cut(v, "..")
		if !ok {
			fail("bad range '%s'", s)
		}
		return fwpk.RangeOf(parseValue(lo), parseValue(hi))
	case "null":
		t, ok := map[string]fwpk.DataType{"u64": fwpk.Uint64Type, "v6": fwpk.ByteArray16Type,
			"v4mask": fwpk.V4AddrMaskType, "v6mask": fwpk.V6AddrMaskType, "range": fwpk.RangeType}[v]
		if !ok {
			fail("bad null kind '%s'", s)
		}
		return fwpk.Value{Type: t}
	case "type":
		return fwpk.Value{Type: fwpk.DataType(num(v))}
	}
	fail("bad value kind '%s'", s)
	return fwpk.Value{}
}

// ---- variables -------------------------------------------------------------------

type varKind int

const (
	vkHandle varKind = iota + 1
	vkFilter
	vkCtx
	vkSpi
)

type variable struct {
	name string
	kind varKind
	val  uint64
}

func (r *runner) bindVar(name string, kind varKind, v uint64) {
	for i := range r.vars {
		if r.vars[i].name == name {
			r.vars[i].kind, r.vars[i].val = kind, v
			return
		}
	}
	r.vars = append(r.vars, variable{name, kind, v})
}

func (r *runner) varVal(name string) uint64 {
	for _, x := range r.vars {
		if x.name == name {
			return x.val
		}
	}
	fail("unbound %s", name)
	return 0
}

// id is `$var` or a number.
func (r *runner) id(s string) uint64 {
	if strings.HasPrefix(s, "$") {
		return r.varVal(s)
	}
	return num(s)
}

const forgedHandle = uintptr(0x4242424242424242)

// handle is `$var`, `null` or `forged`.
func (r *runner) handle(s string) uintptr {
	switch {
	case s == "null":
		return 0
	case s == "forged":
		return forgedHandle
	case strings.HasPrefix(s, "$"):
		return uintptr(r.varVal(s))
	}
	fail("bad handle '%s'", s)
	return 0
}
