#!/usr/bin/env python3
"""Render canonical traces (FORMAT.md §5) from compiled ops and a runner's raw
logs (OPS.md) — the one place where traces are printed.

    render.py [--schema S.json] --ops DIR --raw DIR --out DIR
    render.py [--schema S.json] --ops DIR --compare-raw DIR_A DIR_B

Pages are decoded with the reference codec (bindings/gen/wire.py).
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import tables as T  # noqa: E402
import wire  # noqa: E402

KNOWN = T.KNOWN
SPECIAL = ('FwpkStatusName', 'FwpkLibVersion', 'FwpkLibVersionNumber', 'FwpmFreeMemory0')
ENUMS = {'FwpmSessionEnum0': 'sessions', 'FwpmFilterEnum0': 'ids', 'IPsecSaContextEnum0': 'ctxs',
         'IPsecSaContextEnum1': 'ctxs', 'IPsecSaEnum0': 'sas', 'IPsecSaEnum1': 'sas'}


class RawError(Exception):
    pass


def parse_ops(text):
    """-> (lits, [op]); op = ('reset',) | ('sleep', ms) | ('error', token) |
    ('call', fname, [arg tokens], [(i, off, width, var)], (i, var) or None)."""
    lits, ops = [], []
    for line in text.split('\n'):
        if not line or line.startswith('#'):
            continue
        t = line.split(' ')
        if t[0] == 'lit':
            lits.append(t[1])
        elif t[0] == 'reset':
            ops.append(('reset',))
        elif t[0] == 'sleep':
            ops.append(('sleep', int(t[1])))
        elif t[0] == 'error':
            ops.append(('error', t[1]))
        elif t[0] == 'call':
            args, patches, bind, i = [], [], None, 2
            while i < len(t):
                if t[i] == 'patch':
                    patches.append((int(t[i + 1]), int(t[i + 2]), int(t[i + 3][1:]), t[i + 4]))
                    i += 5
                elif t[i] == 'bind':
                    bind = (int(t[i + 1]), t[i + 2])
                    i += 3
                else:
                    args.append(t[i])
                    i += 1
            ops.append(('call', t[1], args, patches, bind))
        else:
            raise ValueError('unknown op %r' % line)
    return lits, ops


class Renderer:
    def __init__(self, schema):
        self.known = set(KNOWN)  # tests may print a listed function generically
        self.s = schema
        self.t = T.Tables(schema)
        self.codec = wire.Codec(schema)
        c = self.t.c
        self.V6 = c('FWP_IP_VERSION_V6')
        self.TUNNEL = c('IPSEC_TRAFFIC_TYPE_TUNNEL')
        self.CALLOUT = c('FWP_ACTION_FLAG_CALLOUT')
        self.addr_fields = {self.t.guid['FWPM_CONDITION_IP_LOCAL_ADDRESS'],
                            self.t.guid['FWPM_CONDITION_IP_REMOTE_ADDRESS']}

    # -- per-call outputs ---------------------------------------------------------
    def outputs(self, fname, args, raw_tokens):
        """Map parameter name -> decoded output (only params passed as `out`)."""
        if fname in SPECIAL:
            return {'result': raw_tokens[0] if raw_tokens else None}
        params = self.t.shim_params(fname)
        outs = [p for p, a in zip(params, args) if p['role'].startswith('out_') and a == 'out']
        if len(outs) != len(raw_tokens):
            raise RawError('%s: %d outputs expected, raw log has %d' % (fname, len(outs), len(raw_tokens)))
        res = {}
        for p, tok in zip(outs, raw_tokens):
            role = p['role']
            if role == 'out_handle':
                if tok not in ('handle', 'null'):
                    raise RawError('%s: bad handle token %r' % (fname, tok))
                res[p['name']] = tok
            elif role in ('out_scalar', 'out_return'):
                res[p['name']] = int(tok)
            else:
                if tok == 'null':
                    res[p['name']] = None
                else:
                    name, recs = self.codec.read_page(bytes.fromhex(tok[1:]))
                    if name != p['type']:
                        raise RawError('%s: page of %s, expected %s' % (fname, name, p['type']))
                    res[p['name']] = recs
        return res

    # -- printing helpers (the rules of FORMAT.md §5) ----------------------------------
    def pid(self, kind, v):
        if v == 0:
            return '0'
        for name, (k, val) in self.vars.items():
            if k == kind and val == v:
                return name
        return str(v) if kind == 'spi' else '?'

    def policy(self, v):
        for name, (k, val) in self.vars.items():
            if k == 'id' and val == v and v != 0:
                return name
        return str(v)

    def key(self, g):
        if g == T.ZERO_GUID:
            return 'zero'
        if g in self.lits:
            return 'guid:' + g
        # a built-in key (FWPM_PROVIDER_*, FWPM_SUBLAYER_*, FWPM_LAYER_* ...) is
        # fixed, so it prints by its header name, never as `gen`
        n = self.t.guid_const.get(g)
        return n if n is not None else 'gen'

    def gnamed(self, table, g):
        n = self.t.guid_name_of(table, g)
        return n if n is not None else self.key(g)

    @staticmethod
    def v4(a):
        return '%d.%d.%d.%d' % (a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255)

    @staticmethod
    def blob(b):
        if b['size'] == 0:
            return 'empty'
        if b['data'] is None:
            return 'null:%d' % b['size']
        return bytes(b['data']).hex()

    def cvalue(self, cv, is_addr):
        c, ty = self.t.c, cv['type']
        if ty == c('FWP_EMPTY'):
            return 'empty'
        if ty == c('FWP_UINT8'):
            return 'u8:%d' % cv['uint8']
        if ty == c('FWP_UINT16'):
            return 'u16:%d' % cv['uint16']
        if ty == c('FWP_UINT32'):
            return ('v4:' + self.v4(cv['uint32'])) if is_addr else 'u32:%d' % cv['uint32']
        if ty == c('FWP_UINT64'):
            return 'null:u64' if cv.get('uint64') is None else 'u64:%d' % cv['uint64']
        if ty == c('FWP_BYTE_ARRAY16_TYPE'):
            b = cv.get('byteArray16')
            return 'null:v6' if b is None else 'v6:' + bytes(b['byteArray16']).hex()
        if ty == c('FWP_V4_ADDR_MASK'):
            m = cv.get('v4AddrMask')
            return 'null:v4mask' if m is None else 'v4mask:%s/%s' % (self.v4(m['addr']), self.v4(m['mask']))
        if ty == c('FWP_V6_ADDR_MASK'):
            m = cv.get('v6AddrMask')
            return 'null:v6mask' if m is None else 'v6mask:%s/%d' % (bytes(m['addr']).hex(), m['prefixLength'])
        if ty == c('FWP_RANGE_TYPE'):
            r = cv.get('rangeValue')
            if r is None:
                return 'null:range'
            return 'range:%s..%s' % (self.value0(r['valueLow'], is_addr), self.value0(r['valueHigh'], is_addr))
        return 'type:%d' % ty

    def value0(self, v, is_addr):
        if v['type'] > self.t.c('FWP_SINGLE_DATA_TYPE_MAX'):
            return 'type:%d' % v['type']
        return self.cvalue(v, is_addr)

    def filter(self, f):
        c = self.t.c
        out = ' id=%s key=%s name=%s flags=%d layer=%s action=%s' % (
            self.pid('filter', f['filterId']), self.key(f['filterKey']),
            'null' if f['displayData']['name'] is None else f['displayData']['name'],
            f['flags'], self.gnamed('layer', f['layerKey']), self.t.name_of('action', f['action']['type']))
        if f['action']['type'] & self.CALLOUT:
            out += ' callout=' + self.gnamed('callout', f['action']['calloutKey'])
        ew = f['effectiveWeight']
        if ew['type'] == c('FWP_UINT64') and ew.get('uint64') is not None:
            out += ' eweight=u64:%d' % ew['uint64']
        elif ew['type'] == c('FWP_EMPTY'):
            out += ' eweight=empty'
        else:
            out += ' eweight=type:%d' % ew['type']
        conds = []
        for cd in (f['filterCondition'] or [])[:f['numFilterConditions']]:
            conds.append('%s/%s/%s' % (self.gnamed('field', cd['fieldKey']), self.t.name_of('match', cd['matchType']),
                                       self.cvalue(cd['conditionValue'], cd['fieldKey'] in self.addr_fields)))
        return out + ' conds=[' + ','.join(conds) + ']'

    def addr(self, ipv, t, side):
        if ipv == self.V6:
            return bytes(t[side + 'V6Address']).hex()
        return self.v4(t[side + 'V4Address'])

    def traffic(self, t, ver1):
        s = '%s/%s/%s>%s' % (self.t.name_of('ipv', t['ipVersion']), self.t.name_of('ttype', t['trafficType']),
                             self.addr(t['ipVersion'], t, 'local'), self.addr(t['ipVersion'], t, 'remote'))
        if t['trafficType'] == self.TUNNEL:
            # a policy bound to a variable (a provider context id) prints by name
            s += '/policy=' + self.policy(t['ipsecFilterId'])
        else:
            s += '/f=' + self.pid('filter', t['ipsecFilterId'])
        s += '/rport=%d' % t['remotePort']
        if ver1:
            s += '/lport=%d/proto=%d/luid=%d/profile=%d' % (t['localPort'], t['ipProtocol'], t['localIfLuid'],
                                                             t['realIfProfileId'])
        return s

    def auth(self, ai):
        if ai is None:
            return ':auth=null'
        tid = ai['authTransform']['authTransformId']
        return ':auth=%s/%s:akey=%s' % (self.t.name_of('auth', tid['authType']),
                                        self.t.name_of('authcfg', tid['authConfig']), self.blob(ai['authKey']))

    def cipher(self, ci):
        if ci is None:
            return ':cipher=null'
        tid = ci['cipherTransform']['cipherTransformId']
        return ':cipher=%s/%s:ckey=%s' % (self.t.name_of('cipher', tid['cipherType']),
                                          self.t.name_of('ciphercfg', tid['cipherConfig']), self.blob(ci['cipherKey']))

    def sa(self, s):
        c, ty = self.t.c, s['saTransformType']
        out = '%s:spi=%s' % (self.t.name_of('xform', ty), self.pid('spi', s['spi']))
        if ty == c('IPSEC_TRANSFORM_AH'):
            out += self.auth(s.get('ahInformation'))
        elif ty == c('IPSEC_TRANSFORM_ESP_AUTH'):
            out += self.auth(s.get('espAuthInformation'))
        elif ty == c('IPSEC_TRANSFORM_ESP_AUTH_FW'):
            out += self.auth(s.get('espAuthFwInformation'))
        elif ty == c('IPSEC_TRANSFORM_ESP_CIPHER'):
            out += self.cipher(s.get('espCipherInformation'))
        elif ty == c('IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER'):
            ac = s.get('espAuthAndCipherInformation')
            if ac is None:
                out += ':auth=null:cipher=null'
            else:
                out += self.auth(ac['saAuthInformation']) + self.cipher(ac['saCipherInformation'])
        return out

    def bundle(self, b):
        lt = b['lifetime']
        km = b['keyModuleState']
        return ('(flags=%d,life=%d:%d:%d,idle=%d,nd=%d,id=%s,nap=%d,qm=%d,km=%s,v=%s,peer4=%s,mmsa=%d,pfs=%d,sas=[%s])'
                % (b['flags'], lt['lifetimeSeconds'], lt['lifetimeKilobytes'], lt['lifetimePackets'],
                   b['idleTimeoutSeconds'], b['ndAllowClearTimeoutSeconds'],
                   'none' if b['ipsecId'] is None else 'set', b['napContext'], b['qmSaId'],
                   'none' if km is None else self.blob(km['stateBlob']), self.t.name_of('ipv', b['ipVersion']),
                   self.v4(b['peerV4PrivateAddress']), b['mmSaId'], b['pfsGroup'],
                   '+'.join(self.sa(s) for s in (b['saList'] or [])[:b['numSAs']])))

    def details(self, d, ver1):
        if d is None:
            return 'null'
        udp = d.get('udpEncapsulation')
        tf = d.get('transportFilter')
        s = '{v=%s,dir=%s,traffic=%s,udp=%s,filter=%s,bundle=%s' % (
            self.t.name_of('ipv', d['ipVersion']), self.t.name_of('dir', d['saDirection']),
            self.traffic(d['traffic'], ver1),
            'null' if udp is None else '%d:%d' % (udp['localUdpEncapPort'], udp['remoteUdpEncapPort']),
            'null' if tf is None else self.pid('filter', tf['filterId']), self.bundle(d['saBundle']))
        if ver1:
            v = d['virtualIfTunnelInfo']
            s += ',vif=%d:%d' % (v['virtualIfTunnelId'], v['trafficSelectorId'])
        return s + '}'

    def sa_enum_entry(self, d):
        dr = d['saDirection']
        head = {self.t.c('FWP_DIRECTION_INBOUND'): 'in:', self.t.c('FWP_DIRECTION_OUTBOUND'): 'out:'}.get(dr, '%d:' % dr)
        b = d['saBundle']
        return head + '+'.join(self.pid('spi', s['spi']) for s in (b['saList'] or [])[:b['numSAs']])

    @staticmethod
    def all_zero(v):
        if isinstance(v, dict):
            return all(Renderer.all_zero(x) for x in v.values())
        if isinstance(v, (list, tuple)):
            return all(Renderer.all_zero(x) for x in v)
        if isinstance(v, (bytes, bytearray)):
            return not any(v)
        return not v

    def session(self, s):
        return '{name=%s,flags=%d,timeout=%d,key=%s,pid=%s,kernel=%d}' % (
            'null' if s['displayData']['name'] is None else s['displayData']['name'], s['flags'],
            s['txnWaitTimeoutInMSec'], self.key(s['sessionKey']),
            'self' if s['processId'] == self.runner_pid else str(s['processId']), s['kernelMode'])

    # -- values of one call -----------------------------------------------------------------
    # -- generic printing (FORMAT.md §5.5) ---------------------------------------------------
    def gid(self, v):
        """An id: the first-bound non-handle variable holding it, else decimal."""
        if v != 0:
            for name, (k, val) in self.vars.items():
                if k != 'handle' and val == v:
                    return name
        return str(v)

    def gguid(self, g):
        return self.key(g)

    def gstruct(self, sname, v):
        if v is None:
            return 'null'
        if sname == 'GUID':
            return self.gguid(v)
        if sname == 'FWP_BYTE_BLOB':
            return self.blob(v)
        if sname in ('FWP_VALUE0', 'FWP_CONDITION_VALUE0'):
            return self.value0(v, False) if sname == 'FWP_VALUE0' else self.cvalue(v, False)
        out = []
        for m in self.s['structs'][sname]['members']:
            node = m['node']
            if node['k'] == 'union':
                for arm in node['members']:
                    if arm['name'] in v:
                        out.append('%s=%s' % (arm['name'], self.gnode(arm['node'], v[arm['name']], arm['name'])))
                continue
            if m.get('count_of'):
                continue  # the array shows its length
            out.append('%s=%s' % (m['name'], self.gnode(node, v[m['name']], m['name'])))
        return '{' + ','.join(out) + '}'

    def gnode(self, node, v, name):
        k = node['k']
        if v is None:
            return 'null'
        if k == 'int':
            if name == 'processId':
                return 'self' if v == self.runner_pid else str(v)
            if name == 'id' or name.endswith('Id') or name == 'spi':
                return self.gid(v)
            return str(v)
        if k == 'handle':
            return 'handle' if v else '0'
        if k == 'float':
            return repr(v)
        if k == 'wstr':
            return v
        if k == 'struct':
            return self.gstruct(node['name'], v)
        if k == 'opt':
            return self.gnode(node['of'], v, name)
        if k in ('array', 'counted', 'flex'):
            if isinstance(v, (bytes, bytearray)):
                return bytes(v).hex() if v else 'empty'
            return '[' + ','.join(self.gnode(node['of'], x, name) for x in v) + ']'
        return '?'

    def generic_values(self, f, args, o):
        out = ''
        for p, a in zip(self.t.shim_params(f), args):
            if a != 'out' or p['name'] not in o:
                continue
            v, role = o[p['name']], p['role']
            if role == 'out_handle':
                continue  # handles are never printed
            if role == 'out_return':
                out += ' %s=%d' % (p['name'], v)
            elif role == 'out_scalar':
                # a count (numEntriesReturned) is a number, not an id that may equal a variable
                out += ' %s=%s' % (p['name'], str(v) if p['name'].startswith('num') else self.gid(v))
            elif role == 'out_page':
                out += ' %s=%s' % (p['name'], 'null' if v is None else
                                   '[' + ','.join(self.gstruct(p['type'], r) for r in v) + ']')
            else:
                out += ' %s=%s' % (p['name'], 'null' if not v else self.gstruct(p['type'], v[0]))
        return out

    def values(self, f, args, o):
        if f not in self.known and f not in SPECIAL:
            return self.generic_values(f, args, o)
        if f == 'FwpkStatusName':
            r = o['result']
            return ' name=' + ('null' if r in (None, 'null') else bytes.fromhex(r[1:]).decode())
        if f == 'FwpkLibVersion':
            r = o['result']
            return ' version=' + ('null' if r in (None, 'null') else bytes.fromhex(r[1:]).decode())
        if f == 'FwpkLibVersionNumber':
            return ' number=%d' % int(o['result'])
        if f == 'FwpmFreeMemory0':
            return ''
        if f in ENUMS:
            if 'entries' not in o or 'numEntriesReturned' not in o:
                return ''
            cnt, recs = o['numEntriesReturned'], o['entries']
            if recs is None:
                return ' count=%d %s=[%s]' % (cnt, ENUMS[f], 'NULL-ARRAY' if cnt > 0 else '')
            recs = recs[:cnt]
            if f == 'FwpmSessionEnum0':
                items = [self.session(r) for r in recs]
            elif f == 'FwpmFilterEnum0':
                items = [self.pid('filter', r['filterId']) for r in recs]
            elif f.startswith('IPsecSaContextEnum'):
                items = ['%s:%s%s' % (self.pid('ctx', r['saContextId']), 'i' if r['inboundSa'] is not None else '-',
                                      'o' if r['outboundSa'] is not None else '-') for r in recs]
            else:
                items = [self.sa_enum_entry(r) for r in recs]
            return ' count=%d %s=[%s]' % (cnt, ENUMS[f], ','.join(items))
        if f == 'FwpmFilterAdd0':
            return ' id=' + self.pid('filter', o['id']) if 'id' in o else ''
        if f in ('FwpmFilterGetById0', 'FwpmFilterGetByKey0'):
            if 'filter' not in o:
                return ''
            r = o['filter']
            return ' VIOLATION=null-result' if not r or r[0] is None else self.filter(r[0])
        if f.startswith('IPsecSaContextCreate') and not f.endswith('EnumHandle0'):
            s = ' id=' + self.pid('ctx', o.get('id', 0))
            if 'inboundFilterId' in o:
                s += ' inbound=%d' % o['inboundFilterId']
            return s
        if f.startswith('IPsecSaContextGetSpi'):
            if 'inboundSpi' not in o:
                return ''
            spi = o['inboundSpi']
            return ' spi=%s range=%s' % (self.pid('spi', spi), 'ok' if spi >= 256 else 'bad')
        if f.startswith('IPsecSaContextGetById'):
            if 'saContext' not in o:
                return ''
            r = o['saContext']
            if not r or r[0] is None:
                return ' VIOLATION=null-result'
            v1 = f.endswith('1')
            c = r[0]
            return ' id=%s in=%s out=%s' % (self.pid('ctx', c['saContextId']), self.details(c['inboundSa'], v1),
                                            self.details(c['outboundSa'], v1))
        if f.startswith('IPsecGetStatistics'):
            if 'ipsecStatistics' not in o:
                return ''
            st = o['ipsecStatistics'][0]
            ag = st['aggregateSaStatistics']
            rest = {k: v for k, v in st.items() if k != 'aggregateSaStatistics'}
            return (' active=%d pending=%d added=%d deleted=%d rekeys=%d tunnels=%d offloaded=%d counters=%s'
                    % (ag['activeSas'], ag['pendingSaNegotiations'], (ag['totalSasAdded'] - self.base[0]) & 0xffffffff,
                       (ag['totalSasDeleted'] - self.base[1]) & 0xffffffff, ag['successfulRekeys'],
                       ag['activeTunnels'], ag['offloadedSas'], 'zero' if self.all_zero(rest) else 'nonzero'))
        return ''

    def bind_kind(self, f):
        if f == 'FwpmFilterAdd0':
            return 'filter'
        if f.startswith('IPsecSaContextCreate') and not f.endswith('EnumHandle0'):
            return 'ctx'
        if f.startswith('IPsecSaContextGetSpi'):
            return 'spi'
        if f not in self.known and f not in SPECIAL:
            return 'id'
        return 'handle'

    def status(self, st):
        n = self.t.status.get(st)
        return n if n is not None else '0x%08X' % st

    # -- one scenario --------------------------------------------------------------------------
    def render(self, ops_text, raw_text):
        self.lits, ops = parse_ops(ops_text)
        raw = [l for l in raw_text.split('\n') if l]
        ri = 0
        out, step = [], 0
        self.vars, self.base, self.runner_pid = {}, (0, 0), None
        for op in ops:
            if op[0] == 'sleep':
                continue
            if op[0] == 'error':
                out.append('%d %s RUNNER_ERROR' % (step + 1, op[1]))
                break
            if ri >= len(raw):
                out.append('%d %s RUNNER_ERROR' % (step + 1, op[1] if op[0] == 'call' else 'reset'))
                out.append('# raw log ends early')
                break
            line = raw[ri].split(' ')
            ri += 1
            if op[0] == 'reset':
                if line[0] != 'reset' or len(line) != 4:
                    raise RawError('expected a reset line, got %r' % raw[ri - 1])
                self.base = (int(line[1]), int(line[2]))
                self.runner_pid = int(line[3])
                self.vars = {}
                continue
            _, f, args, _, bind = op
            step += 1
            st_tok, toks = line[0], line[1:]
            if f in SPECIAL:
                if st_tok != '-':
                    raise RawError('%s: expected status -, got %r' % (f, st_tok))
                ok, st = True, None
            else:
                st = int(st_tok, 16)
                ok = st == 0
            if not ok and toks:
                raise RawError('%s: outputs after a failure' % f)
            o = self.outputs(f, args, toks) if ok else {}
            if bind is not None:
                idx, var = bind
                pname = self.t.shim_params(f)[idx]['name']
                v = o.get(pname, 0) if ok else 0
                kind = self.bind_kind(f)
                if kind == 'id' and self.t.shim_params(f)[idx]['role'] == 'out_handle':
                    kind = 'handle'
                if kind == 'handle':
                    v = None if v in (0, 'null') else v
                self.vars[var] = (kind, v)  # dict keeps the first binding's position
            text = '%d %s %s' % (step, f, '-' if st is None else self.status(st))
            if ok:
                text += self.values(f, args, o)
            out.append(text)
        if ri < len(raw) and not (out and out[-1].endswith('RUNNER_ERROR')):
            raise RawError('%d raw lines left over' % (len(raw) - ri))
        return ''.join(l + '\n' for l in out)


# -- raw-log equivalence across languages ----------------------------------------------------
MASK = {'filterId': 'filter', 'ipsecFilterId': 'filter', 'saContextId': 'ctx', 'spi': 'spi',
        'filterKey': 'guid', 'sessionKey': 'guid', 'processId': 'pid'}
SCALAR_MASK = {('FwpmFilterAdd0', 'id'): 'filter', ('IPsecSaContextCreate0', 'id'): 'ctx',
               ('IPsecSaContextCreate1', 'id'): 'ctx', ('IPsecSaContextCreate0', 'inboundFilterId'): 'filter',
               ('IPsecSaContextCreate1', 'inboundFilterId'): 'filter',
               ('IPsecSaContextGetSpi0', 'inboundSpi'): 'spi', ('IPsecSaContextGetSpi1', 'inboundSpi'): 'spi'}




def mask_kind(member):
    """Run-dependent members: ids and SPIs the engine assigns, keys it may
    generate (any `...Key` GUID), pids.  Members of a function added later
    follow the same naming."""
    if member in MASK:
        return MASK[member]
    if member.endswith('Id') or member == 'id':
        return 'id:' + member
    if member.endswith('Key'):
        return 'guid'
    return None


class Mismatch(Exception):
    pass


def compare_raw(renderer, ops_text, raw_a, raw_b):
    """None if the two raw logs are equal up to run-dependent values (ids,
    SPIs, generated GUIDs, pids, statistics baselines) that correspond one to
    one; else a message."""
    _, ops = parse_ops(ops_text)
    la = [l for l in raw_a.split('\n') if l]
    lb = [l for l in raw_b.split('\n') if l]
    maps = {}

    def same(kind, a, b, where):
        if (a == 0) != (b == 0) and kind != 'pid':
            raise Mismatch('%s: %r vs %r' % (where, a, b))
        fw = maps.setdefault(kind, ({}, {}))
        if fw[0].setdefault(a, b) != b or fw[1].setdefault(b, a) != a:
            raise Mismatch('%s: %r vs %r do not correspond one to one' % (where, a, b))

    def walk(x, y, where, kind=None):
        if kind is not None and isinstance(x, (int, str)) and isinstance(y, (int, str)):
            return same(kind, x, y, where)
        if isinstance(x, dict) and isinstance(y, dict):
            if x.keys() != y.keys():
                raise Mismatch('%s: members differ' % where)
            for k in x:
                walk(x[k], y[k], where + '.' + k, mask_kind(k))
        elif isinstance(x, (list, tuple)) and isinstance(y, (list, tuple)):
            if len(x) != len(y):
                raise Mismatch('%s: %d vs %d elements' % (where, len(x), len(y)))
            for i, (p, q) in enumerate(zip(x, y)):
                walk(p, q, '%s[%d]' % (where, i))
        elif x != y:
            raise Mismatch('%s: %.60r vs %.60r' % (where, x, y))

    try:
        if len(la) != len(lb):
            raise Mismatch('%d vs %d lines' % (len(la), len(lb)))
        calls = [op for op in ops if op[0] in ('reset', 'call')]
        for n, (op, a, b) in enumerate(zip(calls, la, lb), 1):
            ta, tb = a.split(' '), b.split(' ')
            where = 'line %d' % n
            if op[0] == 'reset':
                if len(ta) != 4 or len(tb) != 4:
                    raise Mismatch(where + ': bad reset line')
                same('pid', ta[3], tb[3], where)
                continue
            f, args = op[1], op[2]
            where += ' (%s)' % f
            if ta[0] != tb[0] or len(ta) != len(tb):
                raise Mismatch('%s: %r vs %r' % (where, a[:80], b[:80]))
            if f in SPECIAL:
                if ta != tb:
                    raise Mismatch('%s: %r vs %r' % (where, a, b))
                continue
            outs = [p for p, x in zip(renderer.t.shim_params(f), args) if p['role'].startswith('out_') and x == 'out']
            for p, x, y in zip(outs, ta[1:], tb[1:]):
                w = '%s %s' % (where, p['name'])
                if p['role'] == 'out_scalar' and (f, p['name']) in SCALAR_MASK:
                    same(SCALAR_MASK[(f, p['name'])], int(x), int(y), w)
                elif p['role'] == 'out_scalar' and f not in KNOWN:
                    same('id:' + p['name'], int(x), int(y), w)
                elif x.startswith('x') and y.startswith('x') and x != y:
                    walk(renderer.codec.read_page(bytes.fromhex(x[1:])),
                         renderer.codec.read_page(bytes.fromhex(y[1:])), w)
                elif x != y:
                    raise Mismatch('%s: %r vs %r' % (w, x[:80], y[:80]))
    except Mismatch as e:
        return str(e)
    return None


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--schema')
    ap.add_argument('--include')
    ap.add_argument('--ops', required=True)
    ap.add_argument('--raw')
    ap.add_argument('--out')
    ap.add_argument('--compare-raw', nargs=2, metavar='DIR')
    a = ap.parse_args(argv)
    r = Renderer(T.load_schema(a.schema, a.include))
    names = sorted(f[:-4] for f in os.listdir(a.ops) if f.endswith('.ops'))
    bad = 0
    if a.compare_raw:
        for name in names:
            texts = []
            for d in a.compare_raw:
                p = os.path.join(d, name + '.raw')
                texts.append(open(p).read() if os.path.exists(p) else None)
            if None in texts:
                print('%s: raw log missing' % name)
                bad += 1
                continue
            msg = compare_raw(r, open(os.path.join(a.ops, name + '.ops')).read(), *texts)
            if msg:
                print('%s: %s' % (name, msg))
                bad += 1
        return 1 if bad else 0
    os.makedirs(a.out, exist_ok=True)
    for name in names:
        p = os.path.join(a.raw, name + '.raw')
        if not os.path.exists(p):
            print('render.py: %s: no raw log' % p, file=sys.stderr)
            bad += 1
            continue
        try:
            trace = r.render(open(os.path.join(a.ops, name + '.ops')).read(), open(p).read())
        except (RawError, ValueError, KeyError, IndexError, wire.SchemaError) as e:
            print('render.py: %s: %s' % (p, e), file=sys.stderr)
            trace = '0 %s RUNNER_ERROR\n' % name
            bad += 1
        with open(os.path.join(a.out, name + '.trace'), 'w') as f:
            f.write(trace)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
