package main

import (
	"fmt"
	"os"
	"syscall"
	"time"

	"fwpkclnt/bindings/go/fwpk"
)

// cpuNs is the process's CPU time (GC workers included): on a shared machine,
// wall time mostly measures the wait for a core.
func cpuNs() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano() + ru.Stime.Nano())
}

// bench prints, one line each:
//
//	BENCH go enum_handle_pair_ns <float>            create+destroy an SA-context enumerator, 1e6 times
//	BENCH go enumerate_1e5_ns_per_context <float>   enumerate 1e5 contexts (page size 1000), reading each id (view)
//	BENCH go enumerate_all_1e5_ns_per_context <float>   the same, decoding every field
//
// then the same three as process CPU time (enum_handle_pair_cpu_ns, ..._cpu_ns_per_context).
func bench(args []string) int {
	pairs, contexts := 1000000, 100000
	if len(args) == 2 { // smaller runs: bench PAIRS CONTEXTS
		fmt.Sscan(args[0], &pairs)
		fmt.Sscan(args[1], &contexts)
	}
	eng, err := fwpk.Open(nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 1
	}
	defer eng.Close()

	start, cpu0 := time.Now(), cpuNs()
	for i := 0; i < pairs; i++ {
		it, err := eng.EnumerateSaContexts(nil, 1)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			return 1
		}
		if err := it.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			return 1
		}
	}
	fmt.Printf("BENCH go enum_handle_pair_ns %.1f\n", float64(time.Since(start).Nanoseconds())/float64(pairs))
	fmt.Printf("BENCH go enum_handle_pair_cpu_ns %.1f\n", (cpuNs()-cpu0)/float64(pairs))

	// Setup (not timed): one filter pair, then contexts with ESP bundles (16/20-byte keys).
	mk := func(out bool) uint64 {
		f := &fwpk.Filter{DisplayData: fwpk.DisplayData{Name: fwpk.Str("bench")}, LayerKey: fwpk.LayerInboundTransportV4,
			Action: fwpk.Action{Type: fwpk.ActionCalloutTerminating, CalloutKey: fwpk.CalloutIpsecInboundTransportV4}}
		if out {
			f.LayerKey, f.Action.CalloutKey = fwpk.LayerOutboundTransportV4, fwpk.CalloutIpsecOutboundTransportV4
		}
		id, err := eng.AddFilter(f)
		if err != nil {
			panic(err)
		}
		return id
	}
	fo, fi := mk(true), mk(false)
	sa := func(spi uint32) []fwpk.Sa {
		return []fwpk.Sa{{Spi: spi, SaTransformType: fwpk.TransformEspAuthAndCipher, EspAuthAndCipherInformation: &fwpk.SaAuthAndCipherInformation{
			SaCipherInformation: fwpk.SaCipherInformation{CipherTransform: fwpk.CipherTransform{CipherTransformId: fwpk.CipherTransformId{CipherType: fwpk.CipherTypeAes128, CipherConfig: fwpk.CipherConfigCbcAes128}}, CipherKey: make([]byte, 16)},
			SaAuthInformation:   fwpk.SaAuthInformation{AuthTransform: fwpk.AuthTransform{AuthTransformId: fwpk.AuthTransformId{AuthType: fwpk.AuthSha1, AuthConfig: fwpk.AuthConfigHmacSha196}}, AuthKey: make([]byte, 20)},
		}}}
	}
	for i := 0; i < contexts; i++ {
		tr := fwpk.Traffic0{IpVersion: fwpk.IpVersionV4, LocalV4Address: 0x0A000001, RemoteV4Address: 0x0B000000 + uint32(i), IpsecFilterId: fo}
		_, id, err := eng.CreateSaContext0(&tr)
		if err != nil {
			panic(err)
		}
		tr.IpsecFilterId = fi
		spi, err := eng.GetSpi0(id, &fwpk.GetSpi0{InboundIpsecTraffic: tr})
		if err != nil {
			panic(err)
		}
		b := fwpk.SaBundle0{QmSaId: 1, IpVersion: fwpk.IpVersionV4, SaList: sa(spi)}
		if err := eng.AddInbound0(id, &b); err != nil {
			panic(err)
		}
		b.SaList = sa(0x1000 + uint32(i))
		if err := eng.AddOutbound0(id, &b); err != nil {
			panic(err)
		}
	}
	// Best of 3 whole passes (Enum1, pages of 1000), as the C reference.
	pass := func(read func(v fwpk.SaContextView) bool) (float64, float64) {
		best, bestCPU := 0.0, 0.0
		for r := 0; r < 3; r++ {
			start, c0 := time.Now(), cpuNs()
			it, err := eng.EnumerateSaContexts(nil, 1000)
			if err != nil {
				panic(err)
			}
			n := 0
			for it.Next() {
				if read(it.Value()) {
					n++
				}
			}
			if it.Err() != nil || n != contexts {
				panic(fmt.Sprint("bench: enumerated ", n, it.Err()))
			}
			it.Close()
			if ns := float64(time.Since(start).Nanoseconds()) / float64(contexts); r == 0 || ns < best {
				best = ns
			}
			if c := (cpuNs() - c0) / float64(contexts); r == 0 || c < bestCPU {
				bestCPU = c
			}
		}
		return best, bestCPU
	}
	ids, idsCPU := pass(func(v fwpk.SaContextView) bool { return v.SaContextId() != 0 })
	fmt.Printf("BENCH go enumerate_1e5_ns_per_context %.1f\n", ids)
	all, allCPU := pass(func(v fwpk.SaContextView) bool {
		c, err := v.Decode()
		return err == nil && c.InboundSa != nil && c.OutboundSa != nil
	})
	fmt.Printf("BENCH go enumerate_all_1e5_ns_per_context %.1f\n", all)
	fmt.Printf("BENCH go enumerate_1e5_cpu_ns_per_context %.1f\n", idsCPU)
	fmt.Printf("BENCH go enumerate_all_1e5_cpu_ns_per_context %.1f\n", allCPU)
	return 0
}
