#!/usr/bin/env python3
"""Tests of the conformance tools themselves (compile.py, render.py): what no
library run can show — a patch lands on its member, an unexecutable scenario
renders RUNNER_ERROR, the raw-log comparison tells run-dependent values from
real differences.

    test_tools.py [--schema S.json]
"""
import os
import struct
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import compile as C  # noqa: E402
import render as R  # noqa: E402
import tables as T  # noqa: E402

SCHEMA = None


def setUpModule():
    global SCHEMA, COMP, REND
    SCHEMA = T.load_schema(SCHEMA_PATH)
    COMP = C.Compiler(SCHEMA)
    REND = R.Renderer(SCHEMA)


def apply_patches(op, values):
    """Do what a runner does to a call's struct arguments."""
    _, f, args, patches, _ = op
    args = list(args)
    for i, off, width, var in patches:
        b = bytearray.fromhex(args[i][1:])
        b[off:off + width // 8] = values[var].to_bytes(width // 8, 'little')
        args[i] = 'x' + b.hex()
    return args


EXAMPLE = '''
$h = FwpmEngineOpen0
filter out4 layer=OUTBOUND_TRANSPORT_V4 action=CALLOUT_TERMINATING callout=IPSEC_OUTBOUND_TRANSPORT_V4
filter in4  layer=INBOUND_TRANSPORT_V4  action=CALLOUT_TERMINATING callout=IPSEC_INBOUND_TRANSPORT_V4
$fo = FwpmFilterAdd0 h=$h filter=out4
$fi = FwpmFilterAdd0 h=$h filter=in4
traffic to  v=V4 local=10.0.0.1 remote=10.0.0.2 filter=$fo
traffic ti  v=V4 local=10.0.0.1 remote=10.0.0.2 filter=$fi
getspi gs traffic=ti
$c = IPsecSaContextCreate0 h=$h traffic=to
$s = IPsecSaContextGetSpi0 h=$h id=$c getspi=gs
sa esp type=ESP_AUTH_AND_CIPHER spi=$s
sa ah  type=AH spi=$s
bundle bi sas=esp,ah qm=7
IPsecSaContextAddInbound0 h=$h id=$c bundle=bi
FwpmEngineClose0 h=$h
'''


class CompileTest(unittest.TestCase):
    def test_patches_put_the_variable_in_its_member(self):
        _, ops = R.parse_ops(COMP.compile('t', EXAMPLE))
        calls = {op[1]: op for op in ops if op[0] == 'call'}
        values = {'$fo': 0x1122334455667788, '$fi': 77, '$s': 0xabcdef12}
        create = calls['IPsecSaContextCreate0']
        traffic = REND.codec.decode('IPSEC_TRAFFIC0', bytes.fromhex(apply_patches(create, values)[1][1:]))
        self.assertEqual(traffic['ipsecFilterId'], values['$fo'])
        self.assertEqual(traffic['localV4Address'], 0x0a000001)
        getspi = calls['IPsecSaContextGetSpi0']
        g = REND.codec.decode('IPSEC_GETSPI0', bytes.fromhex(apply_patches(getspi, values)[2][1:]))
        self.assertEqual(g['inboundIpsecTraffic']['ipsecFilterId'], 77)
        add = calls['IPsecSaContextAddInbound0']
        self.assertEqual(len(add[3]), 2, 'one patch per SA of the bundle')
        b = REND.codec.decode('IPSEC_SA_BUNDLE0', bytes.fromhex(apply_patches(add, values)[2][1:]))
        self.assertEqual([s['spi'] for s in b['saList']], [values['$s']] * 2)
        self.assertEqual(b['qmSaId'], 7)

    def test_binds_name_the_output_argument(self):
        _, ops = R.parse_ops(COMP.compile('t', EXAMPLE))
        binds = [(op[1], op[4]) for op in ops if op[0] == 'call' and op[4]]
        self.assertEqual(binds, [('FwpmEngineOpen0', (3, '$h')), ('FwpmFilterAdd0', (2, '$fo')),
                                 ('FwpmFilterAdd0', (2, '$fi')), ('IPsecSaContextCreate0', (3, '$c')),
                                 ('IPsecSaContextGetSpi0', (3, '$s'))])

    def test_unexecutable_lines_end_the_ops_with_error(self):
        cases = {
            'FwpmEngineClose0 h=$nobody': 'FwpmEngineClose0',              # unbound variable
            '$h = FwpmEngineOpen0 colour=red': 'FwpmEngineOpen0',          # unknown key
            'FwpmTransactionBegin0 h=null flags=12x': 'FwpmTransactionBegin0',  # bad number
            'filter f layer=IPSEC_V4': 'filter',                           # missing key
            'FwpmNoSuchCall0 h=null': 'FwpmNoSuchCall0',
            '$x = FwpmEngineClose0 h=null': 'FwpmEngineClose0',            # binds nothing
            'bundle b sas=nosuchsa': 'bundle',                             # unknown declaration
        }
        for line, verb in cases.items():
            ops = COMP.compile('t', 'FwpkLibVersion\n' + line + '\nFwpkLibVersion\n')
            self.assertTrue(ops.endswith('error %s\n' % verb), (line, ops))
            trace = REND.render(ops, 'reset 0 0 1\n- x312e30\n')
            self.assertEqual(trace, '1 FwpkLibVersion - version=1.0\n2 %s RUNNER_ERROR\n' % verb)

    def test_a_rebound_variable_inside_a_declaration_is_refused(self):
        text = ('$h = FwpmEngineOpen0\nfilter p layer=IPSEC_V4 action=PERMIT\n$f = FwpmFilterAdd0 h=$h filter=p\n'
                'traffic t v=V4 filter=$f\n$f = FwpmFilterAdd0 h=$h filter=p\nIPsecSaContextCreate0 h=$h traffic=t\n')
        with self.assertRaises(C.CompileError):
            COMP.compile('t', text)


class GenericTest(unittest.TestCase):
    """A function FORMAT.md §4 does not list (e.g. a new one) needs no edit of
    the tools: `struct` declarations, one key per parameter, generic printing."""

    def setUp(self):
        self.comp = C.Compiler(SCHEMA)
        self.comp.generic = {'FwpmFilterAdd0', 'FwpmFilterGetById0'}
        self.rend = R.Renderer(SCHEMA)
        self.rend.known -= self.comp.generic

    def test_struct_declaration_encodes_as_the_specific_one(self):
        legacy = COMP.compile('t', 'cond c field=local_addr match=EQUAL value=v4:10.0.0.1\n'
                                   'filter p layer=IPSEC_V4 action=CALLOUT_TERMINATING '
                                   'callout=IPSEC_INBOUND_TRANSPORT_V4 conds=c key=guid:11111111-2222-3333-4444-555555555555\n'
                                   'FwpmFilterAdd0 h=null filter=p\n')
        generic = self.comp.compile('t', (
            'struct c FWPM_FILTER_CONDITION0 fieldKey=FWPM_CONDITION_IP_LOCAL_ADDRESS matchType=FWP_MATCH_EQUAL '
            'conditionValue=v4:10.0.0.1\n'
            'struct p FWPM_FILTER0 layerKey=FWPM_LAYER_IPSEC_V4 action.type=FWP_ACTION_CALLOUT_TERMINATING '
            'action.calloutKey=FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4 displayData.name=p filterCondition=c '
            'weight=empty filterKey=guid:11111111-2222-3333-4444-555555555555\n'
            'FwpmFilterAdd0 h=null filter=p\n'))
        self.assertEqual([l for l in legacy.split('\n') if l.startswith('call')],
                         [l for l in generic.split('\n') if l.startswith('call')])

    def test_generic_call_binds_and_prints_every_output(self):
        ops = self.comp.compile('t', '$h = FwpmEngineOpen0\nstruct p FWPM_FILTER0 layerKey=FWPM_LAYER_IPSEC_V4 '
                                     'action.type=FWP_ACTION_PERMIT displayData.name=p\n'
                                     '$f = FwpmFilterAdd0 h=$h filter=p\nFwpmFilterGetById0 h=$h id=$f\n'
                                     'FwpmFilterGetById0 h=$h id=$f filter=null\n')
        _, parsed = R.parse_ops(ops)
        self.assertEqual(parsed[2][2], ['$h', parsed[2][2][1], 'out'])
        self.assertEqual(parsed[3][2], ['$h', '$f', 'out'])
        self.assertEqual(parsed[4][2], ['$h', '$f', 'null'])
        raw = 'reset 0 0 1\n00000000 handle\n00000000 42\n00000000 %s\n00000000\n' % filter_page(
            42, '11111111-2222-3333-4444-555555555555', 3)
        trace = self.rend.render(ops, raw).split('\n')
        self.assertEqual(trace[1], '2 FwpmFilterAdd0 STATUS_SUCCESS id=$f')
        self.assertTrue(trace[2].startswith('3 FwpmFilterGetById0 STATUS_SUCCESS filter={filterKey=gen,'
                                            'displayData={name=p,description=null},flags=3,providerKey=null,'
                                            'providerData=empty,layerKey=zero,subLayerKey=zero,weight=empty,'), trace[2])
        self.assertIn(',filterCondition=null,', trace[2])
        self.assertIn(',filterId=$f,effectiveWeight=empty}', trace[2])
        self.assertEqual(trace[3], '4 FwpmFilterGetById0 STATUS_SUCCESS')

    def test_struct_declaration_errors_are_runner_errors(self):
        for line in ('struct x NO_SUCH_STRUCT a=1', 'struct x FWPM_FILTER0 noSuchMember=1',
                     'struct x FWPM_FILTER0 flags=notanumber', 'struct x FWPM_FILTER0 displayData=nosuchdecl',
                     'struct x FWPM_FILTER0'.replace(' FWPM_FILTER0', '')):
            ops = self.comp.compile('t', line + '\n')
            self.assertTrue(ops.endswith('error struct\n'), (line, ops))


class RenderTest(unittest.TestCase):
    def test_format_example_renders_its_documented_trace(self):
        ops = COMP.compile('t', EXAMPLE)
        raw = ('reset 5 5 1\n00000000 handle\n00000000 70\n00000000 71\n00000000 0 9\n00000000 4660\n'
               '00000000\n00000000\n')
        self.assertEqual(REND.render(ops, raw), (
            '1 FwpmEngineOpen0 STATUS_SUCCESS\n2 FwpmFilterAdd0 STATUS_SUCCESS id=$fo\n'
            '3 FwpmFilterAdd0 STATUS_SUCCESS id=$fi\n4 IPsecSaContextCreate0 STATUS_SUCCESS id=$c inbound=0\n'
            '5 IPsecSaContextGetSpi0 STATUS_SUCCESS spi=$s range=ok\n6 IPsecSaContextAddInbound0 STATUS_SUCCESS\n'
            '7 FwpmEngineClose0 STATUS_SUCCESS\n'))

    def test_failed_call_binds_zero_and_unknown_codes_print_in_hex(self):
        ops = COMP.compile('t', 'filter p layer=IPSEC_V4 action=PERMIT\n$f = FwpmFilterAdd0 h=null filter=p\n'
                                '$g = FwpmFilterAdd0 h=null filter=p\n')
        trace = REND.render(ops, 'reset 0 0 1\nc0000008\n00000000 0\n')
        # $f holds 0 after the failure, and 0 always prints as 0
        self.assertEqual(trace, '1 FwpmFilterAdd0 STATUS_INVALID_HANDLE\n2 FwpmFilterAdd0 STATUS_SUCCESS id=0\n')
        trace = REND.render(ops, 'reset 0 0 1\n12345678\n00000000 5\n')
        self.assertEqual(trace, '1 FwpmFilterAdd0 0x12345678\n2 FwpmFilterAdd0 STATUS_SUCCESS id=$g\n')

    def test_built_in_keys_print_by_header_name(self):
        # layers and callouts beyond FORMAT.md §3's short names, in a §5.3 filter
        # and in a §5.5 generic structure: the constant's name, never `gen`
        ops = COMP.compile('t', 'filter p layer=FWPM_LAYER_ALE_AUTH_CONNECT_V4 action=CALLOUT_TERMINATING '
                                'callout=FWPM_CALLOUT_WFP_TRANSPORT_LAYER_V4_SILENT_DROP sublayer=FWPM_SUBLAYER_IPSEC_TUNNEL\n'
                                '$f = FwpmFilterAdd0 h=null filter=p\nFwpmFilterGetById0 h=null id=$f\n'
                                'FwpmProviderGetByKey0 h=null key=FWPM_PROVIDER_IKEEXT\n')
        v = COMP.zero('FWPM_FILTER0')
        v.update(filterId=7, flags=0, layerKey=COMP.t.guid['FWPM_LAYER_ALE_AUTH_CONNECT_V4'])
        v['displayData']['name'] = 'p'
        v['action']['type'] = COMP.t.c('FWP_ACTION_CALLOUT_TERMINATING')
        v['action']['calloutKey'] = COMP.t.guid['FWPM_CALLOUT_WFP_TRANSPORT_LAYER_V4_SILENT_DROP']
        pv = COMP.zero('FWPM_PROVIDER0')
        pv.update(providerKey=COMP.t.guid['FWPM_PROVIDER_IKEEXT'])
        raw = 'reset 0 0 1\n00000000 7\n00000000 x%s\n00000000 x%s\n' % (
            REND.codec.page('FWPM_FILTER0', [v]).hex(), REND.codec.page('FWPM_PROVIDER0', [pv]).hex())
        trace = REND.render(ops, raw).split('\n')
        self.assertIn(' layer=FWPM_LAYER_ALE_AUTH_CONNECT_V4 action=CALLOUT_TERMINATING '
                      'callout=FWPM_CALLOUT_WFP_TRANSPORT_LAYER_V4_SILENT_DROP ', trace[1])
        self.assertTrue(trace[2].startswith('3 FwpmProviderGetByKey0 STATUS_SUCCESS provider={providerKey=FWPM_PROVIDER_IKEEXT,'),
                        trace[2])
        self.assertNotIn('gen', ''.join(trace))

    def test_outputs_after_a_failure_are_a_runner_fault(self):
        ops = COMP.compile('t', 'filter p layer=IPSEC_V4 action=PERMIT\nFwpmFilterAdd0 h=null filter=p\n')
        with self.assertRaises(R.RawError):
            REND.render(ops, 'reset 0 0 1\nc0000008 5\n')


def filter_page(fid, key, flags):
    v = COMP.zero('FWPM_FILTER0')
    v.update(filterId=fid, filterKey=key, flags=flags)
    v['displayData']['name'] = 'p'
    return 'x' + REND.codec.page('FWPM_FILTER0', [v]).hex()


class CompareRawTest(unittest.TestCase):
    def setUp(self):
        self.ops = COMP.compile('t', '$h = FwpmEngineOpen0\nfilter p layer=IPSEC_V4 action=PERMIT\n'
                                     '$f = FwpmFilterAdd0 h=$h filter=p\nFwpmFilterGetById0 h=$h id=$f\n'
                                     '$g = FwpmFilterAdd0 h=$h filter=p\n')

    def raw(self, pid, fid, key, flags=0, status='00000000', fid2=None):
        get = status + (' ' + filter_page(fid, key, flags) if status == '00000000' else '')
        return 'reset 3 3 %d\n00000000 handle\n00000000 %d\n%s\n00000000 %d\n' % (
            pid, fid, get, fid + 1 if fid2 is None else fid2)

    def test_run_dependent_values_may_differ_one_to_one(self):
        a = self.raw(10, 5, '11111111-2222-3333-4444-555555555555')
        b = self.raw(20, 9, '66666666-2222-3333-4444-555555555555')
        self.assertIsNone(R.compare_raw(REND, self.ops, a, b))

    def test_other_differences_are_reported(self):
        a = self.raw(10, 5, '11111111-2222-3333-4444-555555555555')
        self.assertIn('flags', R.compare_raw(REND, self.ops, a, self.raw(10, 5, '11111111-2222-3333-4444-555555555555',
                                                                         flags=1)))
        self.assertIsNotNone(R.compare_raw(REND, self.ops, a, self.raw(10, 5, '11111111-2222-3333-4444-555555555555',
                                                                       status='80320003')))
        # two different ids in one log cannot be one id in the other
        self.assertIn('one to one', R.compare_raw(REND, self.ops, a, self.raw(
            10, 5, '11111111-2222-3333-4444-555555555555', fid2=5)))


if __name__ == '__main__':
    SCHEMA_PATH = None
    if len(sys.argv) > 2 and sys.argv[1] == '--schema':
        SCHEMA_PATH = sys.argv[2]
        del sys.argv[1:3]
    unittest.main(verbosity=2)
