package text

import "sync"

// memo is a concurrency-safe map from string keys to values. It is sharded
// to keep lock contention low and bounded so that adversarial or endless
// input cannot grow it without limit: once a shard is full, new keys are
// not remembered (the caller recomputes them).
type memo[V any] struct {
	shards   [memoShards]memoShard[V]
	perShard int
}

const memoShards = 32

type memoShard[V any] struct {
	mu sync.RWMutex
	m  map[string]V
}

// init prepares the memo to hold about size keys.
func (c *memo[V]) init(size int) {
	c.perShard = max(1, size/memoShards)
	for i := range c.shards {
		c.shards[i].m = make(map[string]V)
	}
}

// fnv1a hashes a key (FNV-1a, 32 bits).
func fnv1a[K string | []byte](key K) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(key); i++ {
		h = (h ^ uint32(key[i])) * 16777619
	}
	return h
}

// loadBytes returns the value stored under string(key) without allocating.
func (c *memo[V]) loadBytes(key []byte) (V, bool) {
	sh := &c.shards[fnv1a(key)%memoShards]
	sh.mu.RLock()
	v, ok := sh.m[string(key)]
	sh.mu.RUnlock()
	return v, ok
}

// load returns the value stored under key.
func (c *memo[V]) load(key string) (V, bool) {
	sh := &c.shards[fnv1a(key)%memoShards]
	sh.mu.RLock()
	v, ok := sh.m[key]
	sh.mu.RUnlock()
	return v, ok
}

// store remembers v under key unless the key's shard is full.
func (c *memo[V]) store(key string, v V) {
	sh := &c.shards[fnv1a(key)%memoShards]
	sh.mu.Lock()
	if len(sh.m) < c.perShard {
		sh.m[key] = v
	}
	sh.mu.Unlock()
}
