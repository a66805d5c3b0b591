# numpy comparison for the InPCA distance benchmark (same synthetic family; see bench/RESULTS.md).
# Usage: /usr/bin/python3 numpy_inpca_distances.py M N C
import numpy as np, time, sys
M,N,C=[int(v) for v in sys.argv[1:4]]
rng=np.random.default_rng(1)
a=rng.uniform(-1.5,1.5,(N,C)); b=rng.uniform(-.5,.5,(N,C))
t=np.linspace(0,1,M)[:,None,None]
z=t*a+b+0.3*(rng.random((M,N,C))-0.5); p=np.exp(z-z.max(-1,keepdims=True)); p/=p.sum(-1,keepdims=True); p=p.astype(np.float32)
t0=time.perf_counter(); c0=time.process_time()
S=np.sqrt(p.astype(np.float64)).transpose(1,0,2).copy()  # N, M, C
acc=np.zeros((M,M))
for s in range(0,N,16):
    bc=np.einsum('nac,nbc->nab',S[s:s+16],S[s:s+16],optimize=True)  # BLAS batched matmul
    acc+=np.log(np.maximum(bc,1e-6)).sum(0)
D=-acc/N
t1=time.perf_counter(); c1=time.process_time()
print(f"numpy distances M={M} N={N} C={C}: {t1-t0:.2f} s wall, {c1-c0:.2f} s CPU")
