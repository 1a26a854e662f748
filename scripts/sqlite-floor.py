#!/usr/bin/env python3
# The floor under `feedsmith-bench store`: SQLite alone inserting 20,000 items of the benchmark's shape into
# Feedsmith's items schema (same indexes), with one transaction per source of 20 items and with several sources
# per transaction. Not part of any run; README's performance section quotes it. Usage: python3 scripts/sqlite-floor.py
# `python3 scripts/sqlite-floor.py keys [folder]` instead compares the items' unique key: the id alone (the schema
# before migration v8) against (source_id, id), inserting the polling benchmark's 10,000 sources x 20 items, 32
# sources per transaction, the store's writer settings, alternating three times; CPU seconds of the loop (Python's
# share is the same for both). Use a tmpfs folder to keep the
# disk out of it (default /tmp).
import sqlite3, os, time, uuid, hashlib, sys
def run(per_txn, sync, drop=(), cache=None, page=None, sources=1000, key='id', folder='/tmp', cpu=False, autocheckpoint=None):
    p=os.path.join(folder, 'feedsmith-sqlite-floor.sqlite')
    for f in [p,p+'-wal',p+'-shm']:
        if os.path.exists(f): os.remove(f)
    db=sqlite3.connect(p, isolation_level=None)
    if page: db.execute(f'pragma page_size={page}')
    db.execute('pragma journal_mode=wal'); db.execute(f'pragma synchronous={sync}')
    if cache: db.execute(f'pragma cache_size={cache}')
    if autocheckpoint: db.execute(f'pragma wal_autocheckpoint={autocheckpoint}')
    idx={'source_sort':'CREATE INDEX items_source_sort ON items(source_id, sort_at DESC);','guid':'CREATE INDEX items_source_guid ON items(source_id, guid);','url':'CREATE INDEX items_source_url ON items(source_id, canonical_url);','hash':'CREATE INDEX items_source_hash ON items(source_id, content_hash);','sort':'CREATE INDEX items_sort ON items(sort_at DESC, id);'}
    if key == 'source_id': idx['key'] = 'CREATE UNIQUE INDEX items_source_id ON items(source_id, id);'
    id_column = 'id TEXT PRIMARY KEY NOT NULL' if key == 'id' else 'id TEXT NOT NULL'
    db.executescript(f"CREATE TABLE items ({id_column}, source_id TEXT NOT NULL, canonical_url TEXT, guid TEXT, url TEXT, title TEXT, author TEXT, published REAL, updated REAL, first_seen REAL NOT NULL, sort_at REAL NOT NULL, content_html TEXT, summary TEXT, content_hash TEXT NOT NULL, language TEXT, categories TEXT NOT NULL DEFAULT '');CREATE TABLE sources (id TEXT PRIMARY KEY, x TEXT);"+''.join(v for k,v in idx.items() if k not in drop))
    para="<p>The council voted on Tuesday to approve the budget for roads, schools and parks in the district, after a debate of four hours in which residents spoke for and against the plan.</p>"*6
    clock = time.process_time if cpu else time.time
    t=clock(); n=0
    for s in range(sources):
        if s%per_txn==0: db.execute('begin')
        for i in range(20):
            u=f'https://s{s}.example/news/{i}.html'
            id=str(uuid.UUID(bytes=hashlib.sha256(u.encode()).digest()[:16]))
            db.execute('insert into items values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',(id,f's{s}',u,u,u,'Item title','Reporter',1.78e9-i*3600-s,None,1.78e9,1.78e9-i*3600-s,para,'summary',hashlib.sha256(u.encode()).hexdigest()[:32],None,''))
            n+=1
        db.execute('insert or replace into sources values (?,?)',(f's{s}','x'*300))
        if s%per_txn==per_txn-1: db.execute('commit')
    if db.in_transaction: db.execute('commit')
    db.close()
    for f in [p,p+'-wal',p+'-shm']:
        if os.path.exists(f): os.remove(f)
    elapsed=clock()-t
    return elapsed if cpu else n/elapsed
if sys.argv[1:2] == ['keys']:
    folder = sys.argv[2] if len(sys.argv) > 2 else '/tmp'
    for _ in range(3):
        for key in ('id', 'source_id'):
            seconds = run(32, 'normal', cache=-8192, sources=10000, key=key, folder=folder, cpu=True, autocheckpoint=16000)
            print(f'unique key ({key}{", id" if key == "source_id" else ""}): 200,000 items in {seconds:.2f} CPU-s', flush=True)
    sys.exit(0)
print('1/txn full', int(run(1,'full')))
print('1/txn normal', int(run(1,'normal')))
print('8/txn full', int(run(8,'full')))
print('64/txn full', int(run(64,'full')))
print('1/txn full, no sort idx', int(run(1,'full',drop=('sort',))))
print('1/txn full, cache 32MB', int(run(1,'full',cache=-32768)))
print('1000/txn full', int(run(1000,'full')))
for leftover in ['/tmp/feedsmith-sqlite-floor.sqlite', '/tmp/feedsmith-sqlite-floor.sqlite-wal', '/tmp/feedsmith-sqlite-floor.sqlite-shm']:
    if os.path.exists(leftover):
        os.remove(leftover)
