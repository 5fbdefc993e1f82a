# An independent implementation of docs/integrity.md (canonical_v1 and canonical_v2), from the JSON records.
import hashlib, json, struct, sys

def text(v):
    if v is None:
        return b'\xff\xff\xff\xff'
    b = v.encode('utf-8')
    return struct.pack('>I', len(b)) + b

def canonical(seq, r):
    target = r.get('targetUser')
    version = 2 if target is not None else 1
    out = bytes([version]) + struct.pack('>q', seq)
    out += text(r['id'].lower()) + text(r['occurredAt']) + text(r['recordedAt'])
    a = r['actor']
    out += text(a['type']) + text(a['id']) + text(a['displayName'])
    out += text(r['action']) + text(r['actionType']) + text(r['outcome']) + text(r['failureReason'])
    res = r.get('resource')
    out += text(res['type']) + text(res['id']) + text(res['name']) if res else text(None) * 3
    out += text(r['description'])
    out += struct.pack('>I', len(r['changes']))
    for c in r['changes']:
        out += text(c['field']) + text(c['oldValue']) + text(c['newValue'])
    out += text(r['sourceIp']) + text(r['userAgent']) + text(r['correlationId']) + text(r['tenantId'])
    md = r['metadata']
    out += struct.pack('>I', len(md))
    for k in sorted(md, key=lambda k: k.encode('utf-16-be')):
        out += text(k) + text(md[k])
    if version == 2:
        out += text(target['id']) + text(target['displayName'])
    return out

def expected(records):
    prev = bytes(32)
    result = []
    for i, r in enumerate(records, start=1):
        c = canonical(i, r)
        h = hashlib.sha256(prev + c).digest()
        result.append({'sequence': i, 'canonicalSha256': hashlib.sha256(c).hexdigest(), 'hash': h.hex()})
        prev = h
    return result

if __name__ == '__main__':
    vectors = json.load(open(sys.argv[1], encoding='utf-8'))
    print(json.dumps(expected(vectors['records']), indent=2))
