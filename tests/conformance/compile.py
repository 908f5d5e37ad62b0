#!/usr/bin/env python3
"""Compile conformance scenarios (FORMAT.md) into resolved operations (OPS.md).

    compile.py [--schema SCHEMA.json | --include DIR] [--scenarios DIR] --out DIR [--stamp FILE]

Every scenarios/NAME.scn gives DIR/NAME.ops.  Declarations become the wire
encoding (bindings/gen/wire.py Codec) of the structure a call passes; an id or
SPI a structure takes from a variable is encoded as 0 plus a `patch`.  A
scenario the runner could not execute (syntax error, unknown call/key/name,
unbound variable) compiles to ops up to that point plus `error TOKEN`.
"""
import argparse
import copy
import ipaddress
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import tables as T  # noqa: E402
import wire  # noqa: E402  (path set by tables)

DECLS = ('cond', 'filter', 'ftmpl', 'traffic', 'getspi', 'sa', 'bundle', 'details', 'ctxval', 'ctmpl', 'struct')
GUID_RE = re.compile(r'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')


class ScnError(Exception):
    """The scenario cannot be executed: the renderer prints RUNNER_ERROR."""


class CompileError(Exception):
    """The scenario uses something the op format cannot express (a bug to fix here)."""


class Var:
    """An integer member whose value is a variable's, resolved at run time."""

    def __init__(self, name, version):
        self.name, self.version = name, version


class PatchingCodec(wire.Codec):
    """wire.Codec that encodes a Var as zeros and remembers where it went."""

    def encode_patched(self, name, value):
        self.patches = []
        out = bytearray()
        self._enc_struct(out, name, value)
        return bytes(out), self.patches

    def _enc(self, out, node, val, parent, name):
        if isinstance(val, Var):
            if node['k'] != 'int' or node['size'] not in (4, 8):
                raise CompileError('variable %s in a member that is not a 32/64-bit integer' % val.name)
            self.patches.append((len(out), node['size'] * 8, val))
            out += bytes(node['size'])
            return
        super()._enc(out, node, val, parent, name)


class Compiler:
    def __init__(self, schema):
        self.s = schema
        self.t = T.Tables(schema)
        self.codec = PatchingCodec(schema)
        self.generic = set()  # functions compiled generically although §4 lists them (tests)

    # -- values -----------------------------------------------------------------
    def zero(self, sname):
        """A zero value of a structure: every member present (unions: every arm)."""
        if sname == 'GUID':
            return T.ZERO_GUID
        v = {}
        for m in self.s['structs'][sname]['members']:
            node = m['node']
            if node['k'] == 'union':
                for arm in node['members']:
                    v[arm['name']] = self._zero_node(arm['node'])
            else:
                v[m['name']] = self._zero_node(node)
        return v

    def _zero_node(self, node):
        k = node['k']
        if k in ('int', 'handle'):
            return 0
        if k == 'float':
            return 0.0
        if k == 'struct':
            return self.zero(node['name'])
        if k == 'array':
            if wire.Codec._is_bytes(node['of']):
                return bytes(node['n'])
            return [self._zero_node(node['of']) for _ in range(node['n'])]
        return None  # opt, counted, flex, wstr, skip

    def num(self, s, bits=64):
        if re.fullmatch(r'0[xX][0-9a-fA-F]+', s):
            v = int(s[2:], 16)
        elif re.fullmatch(r'[0-9]+', s):
            v = int(s, 10)
        else:
            raise ScnError("bad number '%s'" % s)
        if v >= 1 << 64:
            raise ScnError("number out of range '%s'" % s)
        return v & ((1 << bits) - 1)

    def named(self, table, s, bits=32):
        for n, v in self.t.num[table]:
            if n == s:
                return v
        return self.num(s, bits)

    def guid(self, s):
        if s == 'zero':
            return T.ZERO_GUID
        if s in self.t.guid:  # a GUID constant of the headers (FWPM_SUBLAYER_IPSEC_TUNNEL)
            return self.t.guid[s]
        if not s.startswith('guid:') or not GUID_RE.match(s[5:]):
            raise ScnError("bad guid '%s'" % s)
        return s[5:].lower()

    def guid_named(self, table, s):
        for n, v in self.t.guids[table]:
            if n == s:
                return v
        return self.guid(s)

    @staticmethod
    def v4(s):
        try:
            return int(ipaddress.IPv4Address(s))
        except ValueError:
            raise ScnError("bad v4 '%s'" % s)

    @staticmethod
    def v6(s):
        try:
            return ipaddress.IPv6Address(s).packed
        except ValueError:
            raise ScnError("bad v6 '%s'" % s)

    def blob(self, s):
        if s == 'empty':
            return {'size': 0, 'data': None}
        if s.startswith('null:'):
            return {'size': self.num(s[5:], 32), 'data': None}
        if len(s) % 2 or not re.fullmatch(r'[0-9a-fA-F]*', s):
            raise ScnError("bad hex '%s'" % s)
        b = bytes.fromhex(s)
        return {'size': len(b), 'data': b}

    def idval(self, s, bits=64):
        if s.startswith('$'):
            return self.var(s)
        return self.num(s, bits)

    def var(self, s):
        if s not in self.vars:
            raise ScnError('unbound %s' % s)
        return Var(s, self.vars[s])

    def cvalue(self, s):
        """FWP_CONDITION_VALUE0 (also FWP_VALUE0: same tag, arms by the same names)."""
        v = self.zero('FWP_CONDITION_VALUE0')
        c = self.t.c
        if s == 'empty':
            v['type'] = c('FWP_EMPTY')
            return v
        kind, sep, rest = s.partition(':')
        if not sep:
            raise ScnError("bad value '%s'" % s)
        if kind in ('u8', 'u16', 'u32'):
            bits = int(kind[1:])
            v['type'] = c('FWP_UINT%d' % bits)
            v['uint%d' % bits] = self.num(rest, bits)
        elif kind == 'u64':
            v['type'] = c('FWP_UINT64')
            v['uint64'] = self.num(rest)
        elif kind == 'v4':
            v['type'] = c('FWP_UINT32')
            v['uint32'] = self.v4(rest)
        elif kind == 'v6':
            v['type'] = c('FWP_BYTE_ARRAY16_TYPE')
            v['byteArray16'] = {'byteArray16': self.v6(rest)}
        elif kind in ('v4mask', 'v6mask'):
            addr, sl, m = rest.rpartition('/')
            if not sl:
                raise ScnError("bad mask '%s'" % s)
            if kind == 'v4mask':
                v['type'] = c('FWP_V4_ADDR_MASK')
                if '.' in m:
                    mask = self.v4(m)
                else:
                    p = self.num(m)
                    if p > 32:
                        raise ScnError("bad prefix '%s'" % s)
                    mask = 0 if p == 0 else (0xffffffff << (32 - p)) & 0xffffffff
                v['v4AddrMask'] = {'addr': self.v4(addr), 'mask': mask}
            else:
                v['type'] = c('FWP_V6_ADDR_MASK')
                v['v6AddrMask'] = {'addr': self.v6(addr), 'prefixLength': self.num(m, 8)}
        elif kind == 'range':
            lo, dd, hi = rest.partition('..')
            if not dd:
                raise ScnError("bad range '%s'" % s)
            v['type'] = c('FWP_RANGE_TYPE')
            v['rangeValue'] = {'valueLow': self.value0(lo), 'valueHigh': self.value0(hi)}
        elif kind == 'null':
            tn = {'u64': 'FWP_UINT64', 'v6': 'FWP_BYTE_ARRAY16_TYPE', 'v4mask': 'FWP_V4_ADDR_MASK',
                  'v6mask': 'FWP_V6_ADDR_MASK', 'range': 'FWP_RANGE_TYPE'}.get(rest)
            if tn is None:
                raise ScnError("bad null kind '%s'" % s)
            v['type'] = c(tn)
        elif kind == 'type':
            v['type'] = self.num(rest, 32)
        else:
            raise ScnError("bad value kind '%s'" % s)
        return v

    def value0(self, s):
        cv = self.cvalue(s)
        v = self.zero('FWP_VALUE0')
        for k in v:
            if k in cv:
                v[k] = cv[k]
        return v

    def udp(self, s):
        if s is None or s == 'null':
            return None
        m = re.fullmatch(r'([0-9]+):([0-9]+)', s)
        if not m:
            raise ScnError("bad udp '%s'" % s)
        return {'localUdpEncapPort': int(m.group(1)) & 0xffff, 'remoteUdpEncapPort': int(m.group(2)) & 0xffff}

    # -- declarations ---------------------------------------------------------------
    def decl_get(self, name, kind):
        if name not in self.decls:
            raise ScnError('unknown declaration %s' % name)
        k, v = self.decls[name]
        if k != kind:
            raise ScnError('declaration %s has wrong kind' % name)
        return copy.deepcopy(v)

    def decl_opt(self, v, kind):
        return None if v is None or v == 'null' else self.decl_get(v, kind)

    def conds(self, a):
        c, nc = a.get('conds'), a.get('ncond')
        arr, n = None, 0
        if c is not None and c not in ('null', 'none'):
            arr = [self.decl_get(x, 'cond') for x in c.split(',') if x]
            n = len(arr)
        if nc is not None:
            n = self.num(nc, 32)
        if arr is not None and n > len(arr):
            raise CompileError('ncond=%d with %d conditions: the wire form cannot say it' % (n, len(arr)))
        return arr, n

    def d_cond(self, a):
        v = self.zero('FWPM_FILTER_CONDITION0')
        v['fieldKey'] = self.guid_named('field', a.req('field'))
        v['matchType'] = self.named('match', a.req('match'))
        v['conditionValue'] = self.cvalue(a.req('value'))
        return v

    def d_filter(self, name, a):
        v = self.zero('FWPM_FILTER0')
        v['layerKey'] = self.guid_named('layer', a.req('layer'))
        v['action']['type'] = self.named('action', a.req('action'))
        if a.get('callout') is not None:
            # one union in C: the callout key and the filter type share its bytes
            v['action']['calloutKey'] = v['action']['filterType'] = self.guid_named('callout', a.get('callout'))
        v['filterCondition'], v['numFilterConditions'] = self.conds(a)
        nm = a.get('name')
        v['displayData']['name'] = name if nm is None else (None if nm == 'null' else nm)
        if a.get('flags') is not None:
            v['flags'] = self.num(a.get('flags'), 32)
        v['weight'] = self.value0(a.get('weight') or 'empty')
        if a.get('key') is not None:
            v['filterKey'] = self.guid(a.get('key'))
        sl = a.get('sublayer')
        if sl is not None:
            v['subLayerKey'] = self.t.guid['FWPM_SUBLAYER_UNIVERSAL'] if sl == 'UNIVERSAL' else self.guid(sl)
        if a.get('provider') is not None:
            v['providerKey'] = self.guid(a.get('provider'))
        if a.get('pdata') is not None:
            v['providerData'] = self.blob(a.get('pdata'))
        if a.get('reserved') is not None:
            if a.get('reserved') != 'set':
                raise ScnError('reserved=set')
            v['reserved'] = T.ZERO_GUID
        return v

    def d_ftmpl(self, a):
        v = self.zero('FWPM_FILTER_ENUM_TEMPLATE0')
        if a.get('layer') is not None:
            v['layerKey'] = self.guid_named('layer', a.get('layer'))
        v['enumType'] = self.named('enumtype', a.get('enumtype') or 'FULLY_CONTAINED')
        if a.get('flags') is not None:
            v['flags'] = self.num(a.get('flags'), 32)
        v['filterCondition'], v['numFilterConditions'] = self.conds(a)
        v['actionMask'] = self.num(a.get('actionmask') or '0xFFFFFFFF', 32)
        if a.get('callout') is not None:
            v['calloutKey'] = self.guid_named('callout', a.get('callout'))
        if a.get('provider') is not None:
            v['providerKey'] = self.guid(a.get('provider'))
        if a.get('pctx') is not None:
            if a.get('pctx') != 'set':
                raise ScnError('pctx=set')
            v['providerContextTemplate'] = self.zero('FWPM_PROVIDER_CONTEXT_ENUM_TEMPLATE0')
        return v

    def d_traffic(self, a):
        v = self.zero('IPSEC_TRAFFIC1')
        v['ipVersion'] = self.named('ipv', a.req('v'))
        if a.get('type') is not None:
            v['trafficType'] = self.named('ttype', a.get('type'))
        v6 = v['ipVersion'] == self.t.c('FWP_IP_VERSION_V6')
        for key, member in (('local', 'local'), ('remote', 'remote')):
            s = a.get(key)
            if s is None:
                continue
            if v6:
                v[member + 'V6Address'] = self.v6(s)
            else:
                v[member + 'V4Address'] = self.v4(s)
        # ipsecFilterId / tunnelPolicyId: one union (same type), the later key wins as in C
        if a.get('filter') is not None:
            v['ipsecFilterId'] = self.idval(a.get('filter'))
        if a.get('policy') is not None:
            v['ipsecFilterId'] = self.idval(a.get('policy'))
        for key, member, bits in (('rport', 'remotePort', 16), ('lport', 'localPort', 16), ('proto', 'ipProtocol', 8),
                                  ('luid', 'localIfLuid', 64), ('profile', 'realIfProfileId', 32)):
            if a.get(key) is not None:
                v[member] = self.num(a.get(key), bits)
        return v

    def d_getspi(self, a):
        v = self.zero('IPSEC_GETSPI1')
        t = self.decl_get(a.req('traffic'), 'traffic')
        v['inboundIpsecTraffic'] = t
        v['ipVersion'] = t['ipVersion'] if a.get('v') is None else self.named('ipv', a.get('v'))
        v['inboundUdpEncapsulation'] = self.udp(a.get('udp'))
        if a.get('rng') is not None:
            if a.get('rng') != 'set':
                raise ScnError('rng=set')
            v['rngCryptoModuleID'] = T.ZERO_GUID
        return v

    def d_sa(self, a):
        v = self.zero('IPSEC_SA0')
        v['saTransformType'] = self.named('xform', a.req('type'))
        v['spi'] = self.idval(a.req('spi'), 32)
        ai = self.zero('IPSEC_SA_AUTH_INFORMATION0')
        aid = ai['authTransform']['authTransformId']
        aid['authType'] = self.named('auth', a.get('auth') or 'SHA_1')
        aid['authConfig'] = aid['authType']
        if a.get('authcfg') is not None:
            aid['authConfig'] = self.named('authcfg', a.get('authcfg'))
        ai['authKey'] = self.blob(a.get('akey') or '00112233445566778899aabbccddeeff')
        if a.get('amodule') is not None:
            if a.get('amodule') != 'set':
                raise ScnError('amodule=set')
            ai['authTransform']['cryptoModuleId'] = T.ZERO_GUID
        ci = self.zero('IPSEC_SA_CIPHER_INFORMATION0')
        cid = ci['cipherTransform']['cipherTransformId']
        cid['cipherType'] = self.named('cipher', a.get('cipher') or 'AES_128')
        cid['cipherConfig'] = cid['cipherType']
        if a.get('ciphercfg') is not None:
            cid['cipherConfig'] = self.named('ciphercfg', a.get('ciphercfg'))
        ci['cipherKey'] = self.blob(a.get('ckey') or 'ffeeddccbbaa99887766554433221100')
        if a.get('cmodule') is not None:
            if a.get('cmodule') != 'set':
                raise ScnError('cmodule=set')
            ci['cipherTransform']['cryptoModuleId'] = T.ZERO_GUID
        c = self.t.c
        tt = v['saTransformType']
        if tt in (c('IPSEC_TRANSFORM_AH'),):
            v['ahInformation'] = ai
        elif tt == c('IPSEC_TRANSFORM_ESP_AUTH'):
            v['espAuthInformation'] = ai
        elif tt == c('IPSEC_TRANSFORM_ESP_AUTH_FW'):
            v['espAuthFwInformation'] = ai
        elif tt == c('IPSEC_TRANSFORM_ESP_CIPHER'):
            v['espCipherInformation'] = ci
        elif tt == c('IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER'):
            v['espAuthAndCipherInformation'] = {'saCipherInformation': ci, 'saAuthInformation': ai}
        # any other type: no arm is selected, the union crosses as NULL
        if a.get('info') is not None:
            if a.get('info') != 'null':
                raise ScnError('info=null')
            for arm in ('ahInformation', 'espAuthInformation', 'espCipherInformation',
                        'espAuthAndCipherInformation', 'espAuthFwInformation'):
                v[arm] = None
        return v

    def d_bundle(self, a):
        v = self.zero('IPSEC_SA_BUNDLE1')
        sas = a.req('sas')
        if sas != 'null':
            v['saList'] = [self.decl_get(x, 'sa') for x in sas.split(',') if x]
            v['numSAs'] = len(v['saList'])
        if a.get('numsas') is not None:
            v['numSAs'] = self.num(a.get('numsas'), 32)
            if v['saList'] is not None and v['numSAs'] > len(v['saList']):
                raise CompileError('numsas larger than the list: the wire form cannot say it')
        if a.get('flags') is not None:
            v['flags'] = self.num(a.get('flags'), 32)
        if a.get('life') is not None:
            m = re.fullmatch(r'([0-9]+):([0-9]+):([0-9]+)', a.get('life'))
            if not m:
                raise ScnError('bad life')
            v['lifetime'] = {'lifetimeSeconds': int(m.group(1)) & 0xffffffff,
                             'lifetimeKilobytes': int(m.group(2)) & 0xffffffff,
                             'lifetimePackets': int(m.group(3)) & 0xffffffff}
        for key, member, bits in (('idle', 'idleTimeoutSeconds', 32), ('nd', 'ndAllowClearTimeoutSeconds', 32),
                                  ('nap', 'napContext', 32), ('mmsa', 'mmSaId', 64), ('pfs', 'pfsGroup', 32)):
            if a.get(key) is not None:
                v[member] = self.num(a.get(key), bits)
        v['qmSaId'] = self.num(a.get('qm') or '1', 32)
        v['ipVersion'] = self.named('ipv', a.get('v') or 'V4')
        if a.get('peer4') is not None:
            v['peerV4PrivateAddress'] = self.v4(a.get('peer4'))
        ip, lg, tk = a.get('ipsecid'), a.get('logon'), a.get('tokens')
        if ip is not None or lg is not None or tk is not None:
            idv = self.zero('IPSEC_ID0')
            if lg is not None:
                idv['logonId'] = self.num(lg)
            if tk is not None:
                if tk.startswith('null:'):
                    idv['numTokens'] = self.num(tk[5:], 32)
                else:
                    m = re.fullmatch(r'([0-9]+):([0-9]+):([0-9]+)', tk)
                    if not m:
                        raise ScnError('bad tokens')
                    tok = self.zero('IPSEC_TOKEN0')
                    tok['type'], tok['principal'], tok['mode'] = (int(m.group(i)) & 0xffffffff for i in (1, 2, 3))
                    idv['numTokens'] = 1
                    idv['tokens'] = [tok]
            v['ipsecId'] = idv
        if a.get('keymod') is not None:
            km = self.zero('IPSEC_KEYMODULE_STATE0')
            km['stateBlob'] = self.blob(a.get('keymod'))
            v['keyModuleState'] = km
        return v

    def d_details(self, a):
        v = self.zero('IPSEC_SA_DETAILS1')
        t = self.decl_get(a.req('traffic'), 'traffic')
        v['traffic'] = t
        v['saBundle'] = self.decl_get(a.req('bundle'), 'bundle')
        v['ipVersion'] = t['ipVersion'] if a.get('v') is None else self.named('ipv', a.get('v'))
        v['saDirection'] = self.named('dir', a.get('dir') or 'OUT')
        v['udpEncapsulation'] = self.udp(a.get('udp'))
        return v

    def d_ctxval(self, a):
        v = self.zero('IPSEC_SA_CONTEXT1')
        v['saContextId'] = self.idval(a.req('id'))
        v['inboundSa'] = self.decl_opt(a.get('in'), 'details')
        v['outboundSa'] = self.decl_opt(a.get('out'), 'details')
        return v

    def d_ctmpl(self, a):
        v = self.zero('IPSEC_SA_CONTEXT_ENUM_TEMPLATE0')
        v['localSubNet'] = self.cvalue(a.get('local') or 'empty')
        v['remoteSubNet'] = self.cvalue(a.get('remote') or 'empty')
        return v

    # -- calls ------------------------------------------------------------------------
    def handle(self, s):
        if s == 'null':
            return 'null'
        if s == 'forged':
            return 'forged'
        if not s.startswith('$'):
            raise ScnError("bad handle '%s'" % s)
        self.var(s)
        return s

    def struct_arg(self, sname, value):
        if value is None:
            return 'null', []
        data, patches = self.codec.encode_patched(sname, value)
        for _, _, var in patches:
            if self.vars.get(var.name) != var.version:
                raise CompileError('%s was rebound after a declaration used it (ops patch with the current value)'
                                   % var.name)
        return 'x' + data.hex(), patches

    def call(self, fname, bindvar, a):
        """-> op line (str).  Raises ScnError for anything the C runner rejected."""
        t = self.t
        special = {'FwpkStatusName', 'FwpkLibVersion', 'FwpkLibVersionNumber', 'FwpmFreeMemory0'}
        if fname in special:
            if bindvar:
                a.check_used()
                raise ScnError('%s binds nothing' % fname)
            if fname == 'FwpkStatusName':
                code = self.num(a.req('code'), 32)
                a.check_used()
                return 'call FwpkStatusName %d' % code
            if fname == 'FwpmFreeMemory0':
                p = a.req('p')
                a.check_used()
                if p not in ('null', 'nullptr'):
                    raise ScnError('bad p=')
                return 'call FwpmFreeMemory0 ' + p
            a.check_used()
            return 'call ' + fname
        if fname not in t.functions:
            raise ScnError('unknown call %s' % fname)
        params = t.shim_params(fname)
        args = {}      # param name -> token
        structs = {}   # param name -> value (None = NULL)
        outs = {}      # param name -> 'out' / 'null'

        def out_flag(key):
            return 'null' if a.get(key) == 'null' else 'out'

        f = fname
        if f in self.generic or f not in T.KNOWN:
            bind = self.generic_call(params, a, args, structs, outs)
        elif f == 'FwpmEngineOpen0':
            s = self.zero('FWPM_SESSION0')
            nm = a.get('name')
            s['displayData']['name'] = (bindvar[1:] if bindvar else 'session') if nm is None else (
                None if nm == 'null' else nm)
            if a.get('dynamic') == '1':
                s['flags'] = t.c('FWPM_SESSION_FLAG_DYNAMIC')
            if a.get('flags') is not None:
                s['flags'] = self.num(a.get('flags'), 32)
            if a.get('timeout') is not None:
                s['txnWaitTimeoutInMSec'] = self.num(a.get('timeout'), 32)
            if a.get('key') is not None:
                s['sessionKey'] = self.guid(a.get('key'))
            srv = a.get('server')
            args['serverName'] = 'null' if srv is None or srv == 'null' else 'x' + srv.encode().hex()
            args['authnService'] = str(self.num(a.get('authn') or str(t.c('RPC_C_AUTHN_WINNT')), 32))
            structs['session'] = None if a.get('session') == 'null' else s
            outs['engineHandle'] = out_flag('out')
            bind = 'engineHandle'
        elif f in ('FwpmEngineClose0', 'FwpmTransactionCommit0', 'FwpmTransactionAbort0'):
            bind = None
        elif f == 'FwpmTransactionBegin0':
            args['flags'] = str(self.num(a.get('flags') or '0', 32))
            bind = None
        elif f.endswith('CreateEnumHandle0'):
            tmpl = None
            if f == 'FwpmSessionCreateEnumHandle0':
                if a.get('reserved') is not None:
                    tmpl = {'reserved': self.num(a.get('reserved'), 32)}
            elif f == 'FwpmFilterCreateEnumHandle0':
                tmpl = self.decl_opt(a.get('tmpl'), 'ftmpl')
            elif f == 'IPsecSaContextCreateEnumHandle0':
                tmpl = self.decl_opt(a.get('tmpl'), 'ctmpl')
            else:
                if a.get('dir') is not None:
                    tmpl = {'saDirection': self.named('dir', a.get('dir'))}
            structs['enumTemplate'] = tmpl
            outs['enumHandle'] = out_flag('out')
            bind = 'enumHandle'
        elif f in ('FwpmSessionEnum0', 'FwpmFilterEnum0', 'IPsecSaContextEnum0', 'IPsecSaContextEnum1',
                   'IPsecSaEnum0', 'IPsecSaEnum1'):
            args['enumHandle'] = self.handle(a.req('e'))
            args['numEntriesRequested'] = str(self.num(a.req('n'), 32))
            outs['entries'] = out_flag('entries')
            outs['numEntriesReturned'] = out_flag('count')
            bind = None
        elif f.endswith('DestroyEnumHandle0'):
            args['enumHandle'] = self.handle(a.req('e'))
            bind = None
        elif f == 'FwpmFilterAdd0':
            fn = a.req('filter')
            # a `struct NAME FWPM_FILTER0` reaches members `filter` has no key for (providerContextKey)
            kind = self.decls.get(fn, ('',))[0]
            structs['filter'] = self.decl_opt(fn, 'struct:FWPM_FILTER0' if kind == 'struct:FWPM_FILTER0' else 'filter')
            outs['id'] = out_flag('idout')
            bind = 'id'
        elif f in ('FwpmFilterDeleteById0', 'IPsecSaContextDeleteById0', 'IPsecSaContextExpire0'):
            args['id'] = self.idtok(a.req('id'))
            bind = None
        elif f in ('FwpmFilterDeleteByKey0', 'FwpmFilterGetByKey0'):
            k = a.req('key')
            structs['key'] = None if k == 'null' else self.guid(k)
            if f == 'FwpmFilterGetByKey0':
                outs['filter'] = out_flag('out')
            bind = None
        elif f == 'FwpmFilterGetById0':
            args['id'] = self.idtok(a.req('id'))
            outs['filter'] = out_flag('out')
            bind = None
        elif f in ('IPsecSaContextCreate0', 'IPsecSaContextCreate1'):
            structs['outboundTraffic'] = self.decl_opt(a.req('traffic'), 'traffic')
            outs['inboundFilterId'] = out_flag('inbound')
            outs['id'] = out_flag('idout')
            if f.endswith('1'):
                vif = a.get('vif')
                if vif is None or vif == 'null':
                    structs['virtualIfTunnelInfo'] = None
                else:
                    m = re.fullmatch(r'([0-9]+):([0-9]+)', vif)
                    if not m:
                        raise ScnError('bad vif')
                    structs['virtualIfTunnelInfo'] = {'virtualIfTunnelId': int(m.group(1)) & (2 ** 64 - 1),
                                                      'trafficSelectorId': int(m.group(2)) & (2 ** 64 - 1)}
            bind = 'id'
        elif f in ('IPsecSaContextGetSpi0', 'IPsecSaContextGetSpi1'):
            args['id'] = self.idtok(a.req('id'))
            structs['getSpi'] = self.decl_opt(a.req('getspi'), 'getspi')
            outs['inboundSpi'] = out_flag('out')
            bind = 'inboundSpi'
        elif f == 'IPsecSaContextSetSpi0':
            args['id'] = self.idtok(a.req('id'))
            structs['getSpi'] = self.decl_opt(a.req('getspi'), 'getspi')
            args['inboundSpi'] = self.idtok(a.req('spi'), 32)
            bind = None
        elif f.startswith('IPsecSaContextAddInbound') or f.startswith('IPsecSaContextAddOutbound'):
            args['id'] = self.idtok(a.req('id'))
            pname = [p['name'] for p in params if p['role'] == 'in_struct'][0]
            structs[pname] = self.decl_opt(a.req('bundle'), 'bundle')
            bind = None
        elif f == 'IPsecSaContextUpdate0':
            args['flags'] = str(self.num(a.req('flags')))
            structs['newValues'] = self.decl_opt(a.req('values'), 'ctxval')
            bind = None
        elif f in ('IPsecSaContextGetById0', 'IPsecSaContextGetById1'):
            args['id'] = self.idtok(a.req('id'))
            outs['saContext'] = out_flag('out')
            bind = None
        elif f in ('IPsecGetStatistics0', 'IPsecGetStatistics1'):
            outs['ipsecStatistics'] = out_flag('out')
            bind = None
        else:
            bind = self.generic_call(params, a, args, structs, outs)
        if any(p['name'] == 'engineHandle' and p['role'] == 'in_handle' for p in params):
            args['engineHandle'] = self.handle(a.req('h'))
        a.check_used()
        if bindvar and bind is None:
            raise ScnError('%s binds nothing' % f)

        toks, tail = [], []
        for i, p in enumerate(params):
            n, role = p['name'], p['role']
            if role == 'in_struct':
                tok, patches = self.struct_arg(p['type'], structs.get(n))
                toks.append(tok)
                for off, width, var in patches:
                    tail.append('patch %d %d u%d %s' % (i, off, width, var.name))
            elif role == 'in_array':
                # the elements' encodings back to back (bindings/gen/WIRE.md)
                items = structs.get(n)
                if items is None:
                    toks.append('null')
                    continue
                data = b''
                for v in items:
                    tok, patches = self.struct_arg(p['type'], v)
                    for off, width, var in patches:
                        tail.append('patch %d %d u%d %s' % (i, len(data) + off, width, var.name))
                    data += bytes.fromhex(tok[1:])
                toks.append('x' + data.hex())
            elif role.startswith('out_'):
                toks.append(outs.get(n, 'out'))
            elif n in args:
                toks.append(args[n])
            else:
                raise CompileError('%s: no argument for parameter %s' % (f, n))
        if bindvar:
            idx = [p['name'] for p in params].index(bind)
            tail.append('bind %d %s' % (idx, bindvar))
        return ' '.join(['call', f] + toks + tail)

    def generic_call(self, params, a, args, structs, outs):
        """A function FORMAT.md §4 does not list: one key per shim parameter,
        named as the parameter (`h=` / `e=` for engineHandle / enumHandle);
        every input is required, an output is passed unless `NAME=null`.  The
        call binds its first handle or scalar output."""
        bind = None
        for p in params:
            n, role = p['name'], p['role']
            key = {'engineHandle': 'h', 'enumHandle': 'e'}.get(n, n)
            if n == 'engineHandle' and role == 'in_handle':
                continue  # taken below, as for every call
            if role == 'in_handle':
                args[n] = self.handle(a.req(key))
            elif role == 'in_scalar' and p.get('count_of') and a.get(key) is None:
                # not given: the length of its array (as a count member)
                arr = a.get(p['count_of'])
                args[n] = str(0 if arr in (None, 'null') else len(arr.split(',')))
            elif role == 'in_scalar':
                v = self.scalar(a.req(key), p['node'])
                args[n] = v.name if isinstance(v, Var) else str(v)
            elif role == 'in_array':
                v = a.req(key)
                if v != 'null' and 'null' in v.split(','):
                    raise ScnError('%s: an element of an array is a declaration, not null' % key)
                structs[n] = None if v == 'null' else [self.struct_ref(p['type'], x) for x in v.split(',')]
            elif role == 'in_wstr':
                v = a.req(key)
                args[n] = 'null' if v == 'null' else 'x' + v.encode().hex()
            elif role == 'in_struct':
                structs[n] = self.struct_ref(p['type'], a.req(key))
            else:
                outs[n] = 'null' if a.get(key) == 'null' else 'out'
                if bind is None and role in ('out_handle', 'out_scalar', 'out_return'):
                    bind = n
        return bind

    # -- generic declarations: `struct NAME TYPE member.path=VALUE ...` ------------
    def scalar(self, s, node):
        if s.startswith('$'):
            if node['size'] not in (4, 8):
                raise ScnError('a variable needs a 32/64-bit member')
            return self.var(s)
        if s in self.t.const and isinstance(self.t.const[s], int):
            return self.t.const[s] & ((1 << (8 * node['size'])) - 1)
        if s.startswith('-') and node.get('signed'):
            return -self.num(s[1:], 8 * node['size']) & ((1 << (8 * node['size'])) - 1)
        return self.num(s, 8 * node['size'])

    def guid_ref(self, s):
        if s in self.t.guid:
            return self.t.guid[s]
        return self.guid(s)

    def struct_ref(self, sname, s):
        """`null`, a GUID for GUID, else a declaration of that structure."""
        if s == 'null':
            return None
        if sname == 'GUID':
            return self.guid_ref(s)
        if s not in self.decls:
            raise ScnError('unknown declaration %s' % s)
        kind, v = self.decls[s]
        if kind.startswith('struct:') and kind != 'struct:' + sname:
            raise ScnError('declaration %s is a %s, not a %s' % (s, kind[7:], sname))
        return copy.deepcopy(v)

    def member(self, sname, name):
        for m in self.s['structs'][sname]['members']:
            if m['node']['k'] == 'union':
                for arm in m['node']['members']:
                    if arm['name'] == name:
                        return arm
            elif m['name'] == name:
                return m
        raise ScnError('%s has no member %s' % (sname, name))

    def parse_node(self, node, text):
        k = node['k']
        if k == 'int':
            return self.scalar(text, node)
        if k == 'float':
            try:
                return float(text)
            except ValueError:
                raise ScnError("bad float '%s'" % text)
        if k == 'handle':
            return self.num(text)
        if k == 'wstr':
            return None if text == 'null' else text
        if k == 'struct':
            n = node['name']
            special = {'FWP_BYTE_BLOB': self.blob, 'FWP_VALUE0': self.value0, 'FWP_CONDITION_VALUE0': self.cvalue}
            if n in special:
                return special[n](text)
            return self.struct_ref(n, text) if text != 'null' else self.zero(n)
        if k == 'opt':
            return None if text == 'null' else self.parse_node(node['of'], text)
        if k in ('array', 'counted', 'flex'):
            if k != 'array' and text == 'null':
                return None
            if wire.Codec._is_bytes(node['of']):
                if text == 'empty':
                    return b''
                if ':' in text or (k == 'array' and '.' in text):
                    return self.v6(text) if ':' in text else self.v4(text).to_bytes(4, 'big')
                if len(text) % 2 or not re.fullmatch(r'[0-9a-fA-F]*', text):
                    raise ScnError("bad hex '%s'" % text)
                b = bytes.fromhex(text)
                if k == 'array' and len(b) != node['n']:
                    raise ScnError('%d bytes expected' % node['n'])
                return b
            items = [self.parse_node(node['of'], x) for x in text.split(',') if x]
            if k == 'array' and len(items) != node['n']:
                raise ScnError('%d elements expected' % node['n'])
            return items
        raise ScnError('no value form for a member of kind %s' % k)

    def d_struct(self, sname, a):
        if sname not in self.s['structs'] or sname == 'GUID':
            raise ScnError('unknown structure %s' % sname)
        v = self.zero(sname)
        given = set()
        for k, text in list(a.items):
            a.get(k)
            path = k.split('.')
            given.add(tuple(path))
            cur, sn = v, sname
            for i, name in enumerate(path):
                m = self.member(sn, name)
                node = m['node']
                if i == len(path) - 1:
                    cur[name] = self.parse_node(node, text)
                    break
                if node['k'] == 'opt':
                    node = node['of']
                    if cur[name] is None:
                        cur[name] = self.zero(node['name']) if node['k'] == 'struct' else None
                if node['k'] != 'struct' or node['name'] == 'GUID' or not isinstance(cur[name], dict):
                    raise ScnError('%s: %s is not a structure' % (k, name))
                cur, sn = cur[name], node['name']
        self.fix_counts(sname, v, (), given)
        return v

    def fix_counts(self, sname, v, prefix, given):
        """A count member not given explicitly is the length of its array."""
        for m in self.s['structs'][sname]['members']:
            node = m['node']
            nodes = [(a['name'], a['node']) for a in node['members']] if node['k'] == 'union' else [(m['name'], node)]
            for name, nd in nodes:
                val = v.get(name)
                if nd['k'] == 'opt':
                    nd = nd['of']
                # a structure given whole (a blob `null:4`) keeps its own count
                if nd['k'] == 'struct' and nd['name'] != 'GUID' and isinstance(val, dict) and \
                        prefix + (name,) not in given:
                    self.fix_counts(nd['name'], val, prefix + (name,), given)
                if nd['k'] in ('counted', 'flex') and prefix + (nd['count'],) not in given:
                    v[nd['count']] = 0 if val is None else len(val)

    def idtok(self, s, bits=64):
        v = self.idval(s, bits)
        return v.name if isinstance(v, Var) else str(v)

    # -- scenarios ------------------------------------------------------------------
    def compile(self, name, text):
        ops = ['# %s (compiled from scenarios/%s.scn; see OPS.md)' % (name, name)]
        lits = []
        for m in re.finditer(r'guid:(.{36})', text, re.S):
            if GUID_RE.match(m.group(1)) and m.group(1).lower() not in lits:
                lits.append(m.group(1).lower())
        ops += ['lit ' + g for g in lits]
        ops.append('reset')
        self.vars, self.decls = {}, {}
        for raw in text.split('\n'):
            line = raw[:-1] if raw.endswith('\r') else raw
            toks = []
            for tok in line.replace('\t', ' ').split(' '):
                if not tok:
                    continue
                if tok.startswith('#') or tok == '->':
                    break
                toks.append(tok)
            if not toks:
                continue
            i, bindvar = 0, None
            if toks[0].startswith('$') and len(toks) >= 2 and toks[1] == '=':
                bindvar, i = toks[0], 2
            if i >= len(toks):
                ops.append('error ' + toks[0])
                break
            verb = toks[i]
            i += 1
            try:
                if verb == 'sleep':
                    if bindvar or len(toks) - i != 1:
                        raise ScnError('sleep MS')
                    ops.append('sleep %d' % self.num(toks[i]))
                    continue
                dname = None
                if verb in DECLS:
                    if bindvar or i >= len(toks) or '=' in toks[i]:
                        raise ScnError('declaration syntax')
                    dname = toks[i]
                    i += 1
                    if verb == 'struct':
                        if i >= len(toks) or '=' in toks[i]:
                            raise ScnError('declaration syntax: struct NAME TYPE member=value...')
                        stype = toks[i]
                        i += 1
                a = Args()
                for tok in toks[i:]:
                    k, eq, v = tok.partition('=')
                    if not eq:
                        raise ScnError("bad argument '%s'" % tok)
                    a.add(k, v)
                if verb == 'struct':
                    self.decls[dname] = ('struct:' + stype, self.d_struct(stype, a))
                    continue
                if verb in DECLS:
                    fn = getattr(self, 'd_' + verb)
                    value = fn(dname, a) if verb == 'filter' else fn(a)
                    a.check_used()
                    self.decls[dname] = (verb, value)
                    continue
                op = self.call(verb, bindvar, a)
                if bindvar:
                    self.vars[bindvar] = self.vars.get(bindvar, 0) + 1
                ops.append(op)
            except ScnError as e:
                ops.append('error ' + verb)
                self.last_error = '%s: %s: %s' % (name, verb, e)
                break
        return '\n'.join(ops) + '\n'


class Args:
    """key=value arguments: the first of a repeated key is used, the rest are unknown keys."""

    def __init__(self):
        self.items = []
        self.used = []

    def add(self, k, v):
        self.items.append((k, v))
        self.used.append(False)

    def get(self, k):
        for i, (kk, v) in enumerate(self.items):
            if kk == k:
                self.used[i] = True
                return v
        return None

    def req(self, k):
        v = self.get(k)
        if v is None:
            raise ScnError('missing %s=' % k)
        return v

    def check_used(self):
        for (k, _), u in zip(self.items, self.used):
            if not u:
                raise ScnError('unknown key %s' % k)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--schema', help='schema JSON (bindings/gen/wire.py); default: read include/ now')
    ap.add_argument('--include')
    ap.add_argument('--scenarios', default=os.path.join(HERE, 'scenarios'))
    ap.add_argument('--out', required=True)
    ap.add_argument('--stamp', help='file to touch when done (Meson)')
    ap.add_argument('--depfile', help='Make-style dependencies of the stamp (the scenario files and their directory, '
                                      'whose mtime changes when a scenario is added)')
    a = ap.parse_args(argv)
    schema = T.load_schema(a.schema, a.include)
    comp = Compiler(schema)
    os.makedirs(a.out, exist_ok=True)
    names = sorted(f[:-4] for f in os.listdir(a.scenarios) if f.endswith('.scn'))
    if not names:
        print('compile.py: no scenarios in %s' % a.scenarios, file=sys.stderr)
        return 2
    for f in os.listdir(a.out):
        if f.endswith('.ops') and f[:-4] not in names:
            os.unlink(os.path.join(a.out, f))
    for name in names:
        with open(os.path.join(a.scenarios, name + '.scn'), 'rb') as f:
            text = f.read().decode('utf-8', errors='replace')
        comp.last_error = None
        try:
            ops = comp.compile(name, text)
        except CompileError as e:
            print('compile.py: %s: %s' % (name, e), file=sys.stderr)
            return 1
        if comp.last_error:
            print('compile.py: note: %s (RUNNER_ERROR)' % comp.last_error, file=sys.stderr)
        path = os.path.join(a.out, name + '.ops')
        old = None
        if os.path.exists(path):
            with open(path) as f:
                old = f.read()
        if old != ops:  # keep mtimes when nothing changed
            with open(path, 'w') as f:
                f.write(ops)
    if a.stamp:
        with open(a.stamp, 'w') as f:
            f.write('%d scenarios\n' % len(names))
    if a.stamp and a.depfile:
        deps = [a.scenarios] + [os.path.join(a.scenarios, n + '.scn') for n in names]
        with open(a.depfile, 'w') as f:
            f.write('%s: %s\n' % (a.stamp.replace(' ', '\\ '), ' '.join(d.replace(' ', '\\ ') for d in deps)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
