"""Shared by compile.py and render.py: the schema, and the scenario language's
short names (FORMAT.md §3/§5.3) with their values taken from the schema's
constants and GUIDs (never restated here)."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.normpath(os.path.join(HERE, '..', '..', 'bindings', 'gen'))
sys.path.insert(0, GEN)
import wire  # noqa: E402

# The calls FORMAT.md §4 lists, printed by its rules; any other function of the
# schema is compiled and printed generically
# (FORMAT.md §4.1, §5.5).
KNOWN = {'FwpmEngineOpen0', 'FwpmEngineClose0', 'FwpmTransactionBegin0', 'FwpmTransactionCommit0',
         'FwpmTransactionAbort0', 'FwpmSessionCreateEnumHandle0', 'FwpmSessionEnum0', 'FwpmSessionDestroyEnumHandle0',
         'FwpmFilterAdd0', 'FwpmFilterDeleteById0', 'FwpmFilterDeleteByKey0', 'FwpmFilterGetById0',
         'FwpmFilterGetByKey0', 'FwpmFilterCreateEnumHandle0', 'FwpmFilterEnum0', 'FwpmFilterDestroyEnumHandle0',
         'IPsecSaContextCreate0', 'IPsecSaContextCreate1', 'IPsecSaContextGetSpi0', 'IPsecSaContextGetSpi1',
         'IPsecSaContextSetSpi0', 'IPsecSaContextAddInbound0', 'IPsecSaContextAddInbound1',
         'IPsecSaContextAddOutbound0', 'IPsecSaContextAddOutbound1', 'IPsecSaContextUpdate0',
         'IPsecSaContextGetById0', 'IPsecSaContextGetById1', 'IPsecSaContextDeleteById0', 'IPsecSaContextExpire0',
         'IPsecSaContextCreateEnumHandle0', 'IPsecSaContextEnum0', 'IPsecSaContextEnum1',
         'IPsecSaContextDestroyEnumHandle0', 'IPsecSaCreateEnumHandle0', 'IPsecSaEnum0', 'IPsecSaEnum1',
         'IPsecSaDestroyEnumHandle0', 'IPsecGetStatistics0', 'IPsecGetStatistics1'}

ZERO_GUID = '00000000-0000-0000-0000-000000000000'
FORGED_HANDLE = 0x4242424242424242


def load_schema(schema_path=None, include_dir=None):
    if schema_path:
        with open(schema_path) as f:
            return json.load(f)
    include_dir = include_dir or os.path.normpath(os.path.join(HERE, '..', '..', 'include'))
    return wire.Schema(include_dir).to_json()


class Tables:
    """name -> value tables, in the order FORMAT.md lists the names (printing
    picks the first name of a value, as the C runner's tables did)."""

    # short name, C name (FORMAT.md §3 lists exactly these; other values print as numbers)
    _NUM = {
        'ipv': [('V4', 'FWP_IP_VERSION_V4'), ('V6', 'FWP_IP_VERSION_V6'), ('NONE', 'FWP_IP_VERSION_NONE')],
        'dir': [('OUT', 'FWP_DIRECTION_OUTBOUND'), ('IN', 'FWP_DIRECTION_INBOUND')],
        'ttype': [('TRANSPORT', 'IPSEC_TRAFFIC_TYPE_TRANSPORT'), ('TUNNEL', 'IPSEC_TRAFFIC_TYPE_TUNNEL')],
        'xform': [(n, 'IPSEC_TRANSFORM_' + n) for n in
                  ('AH', 'ESP_AUTH', 'ESP_CIPHER', 'ESP_AUTH_AND_CIPHER', 'ESP_AUTH_FW')],
        'auth': [(n, 'IPSEC_AUTH_' + n) for n in ('MD5', 'SHA_1', 'SHA_256', 'AES_128', 'AES_192', 'AES_256')],
        'authcfg': [(n, 'IPSEC_AUTH_CONFIG_' + n) for n in
                    ('HMAC_MD5_96', 'HMAC_SHA_1_96', 'HMAC_SHA_256_128', 'GCM_AES_128', 'GCM_AES_192', 'GCM_AES_256')],
        'cipher': [(n, 'IPSEC_CIPHER_TYPE_' + n) for n in ('DES', '3DES', 'AES_128', 'AES_192', 'AES_256')],
        'ciphercfg': [(n, 'IPSEC_CIPHER_CONFIG_' + n) for n in
                      ('CBC_DES', 'CBC_3DES', 'CBC_AES_128', 'CBC_AES_192', 'CBC_AES_256',
                       'GCM_AES_128', 'GCM_AES_192', 'GCM_AES_256')],
        'match': [(n, 'FWP_MATCH_' + n) for n in
                  ('EQUAL', 'GREATER', 'LESS', 'GREATER_OR_EQUAL', 'LESS_OR_EQUAL', 'RANGE', 'FLAGS_ALL_SET',
                   'FLAGS_ANY_SET', 'FLAGS_NONE_SET', 'EQUAL_CASE_INSENSITIVE', 'NOT_EQUAL', 'PREFIX', 'NOT_PREFIX')],
        'action': [(n, 'FWP_ACTION_' + n) for n in
                   ('BLOCK', 'PERMIT', 'CALLOUT_TERMINATING', 'CALLOUT_INSPECTION', 'CALLOUT_UNKNOWN')],
        'enumtype': [('FULLY_CONTAINED', 'FWP_FILTER_ENUM_FULLY_CONTAINED'),
                     ('OVERLAPPING', 'FWP_FILTER_ENUM_OVERLAPPING')],
    }
    _GUID = {
        'layer': [(n, 'FWPM_LAYER_' + n) for n in
                  ('INBOUND_TRANSPORT_V4', 'INBOUND_TRANSPORT_V6', 'OUTBOUND_TRANSPORT_V4', 'OUTBOUND_TRANSPORT_V6',
                   'IPSEC_V4', 'IPSEC_V6', 'IKEEXT_V4', 'IKEEXT_V6')],
        'callout': [(n, 'FWPM_CALLOUT_' + n) for n in
                    ('IPSEC_INBOUND_TRANSPORT_V4', 'IPSEC_INBOUND_TRANSPORT_V6', 'IPSEC_OUTBOUND_TRANSPORT_V4',
                     'IPSEC_OUTBOUND_TRANSPORT_V6', 'IPSEC_INBOUND_TUNNEL_V4', 'IPSEC_INBOUND_TUNNEL_V6',
                     'IPSEC_OUTBOUND_TUNNEL_V4', 'IPSEC_OUTBOUND_TUNNEL_V6')],
        'field': [('local_addr', 'FWPM_CONDITION_IP_LOCAL_ADDRESS'), ('remote_addr', 'FWPM_CONDITION_IP_REMOTE_ADDRESS'),
                  ('local_port', 'FWPM_CONDITION_IP_LOCAL_PORT'), ('remote_port', 'FWPM_CONDITION_IP_REMOTE_PORT'),
                  ('protocol', 'FWPM_CONDITION_IP_PROTOCOL')],
    }

    def __init__(self, schema):
        self.schema = schema
        self.const = {c['name']: c['value'] for c in schema['constants']}
        for e in schema['enums'].values():
            for n, v in e['values']:
                self.const[n] = v
        self.guid = {g['name']: g['value'].lower() for g in schema['guids']}
        # value -> the first constant of that value, in header order (a printed name is stable)
        self.guid_const = {}
        for n, v in self.guid.items():
            self.guid_const.setdefault(v, n)
        self.num = {t: [(s, self.const[c]) for s, c in rows] for t, rows in self._NUM.items()}
        self.guids = {t: [(s, self.guid[c]) for s, c in rows] for t, rows in self._GUID.items()}
        self.status = {}
        for c in schema['constants']:
            if c['name'].startswith('STATUS_') or c['name'].startswith('FWP_E_'):
                self.status.setdefault(c['value'] & 0xffffffff, c['name'])
        self.functions = {f['name']: f for f in schema['functions']}

    def c(self, name):
        return self.const[name]

    def name_of(self, table, value):
        for s, v in self.num[table]:
            if v == value:
                return s
        return str(value)

    def guid_name_of(self, table, value):
        for s, v in self.guids[table]:
            if v == value:
                return s
        return None

    def shim_params(self, fname):
        """The shim's parameters (role `null` ones are not parameters)."""
        return [p for p in self.functions[fname]['params'] if p['role'] != 'null']
