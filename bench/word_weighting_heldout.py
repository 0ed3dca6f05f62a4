"""Held-out probe of the word weighting (README, "NLU pipeline"): trains the pipeline's
features and classifier (see bench/word_weighting_cv.py) on all of data/nlu and scores the
held-out sets tests/nlu/<code>.yml; with raw counts it gives make eval's figures.

    SPECS="raw,30,1;tfidf,30,1;mixed,30,1" .venv/bin/python -m bench.word_weighting_heldout

Each spec: weighting (raw, tfidf, l2, mixed, both<k>, script<k>, idfraw, idfraw2), C, word weight.
"""
import os, re, pickle, yaml, numpy as np
from pathlib import Path
from sklearn.linear_model import LogisticRegression
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.preprocessing import normalize
from scipy.sparse import hstack, csr_matrix
from bench.nlu_examples import LANGUAGES as langs, heldout, lemmas, training, use_vectors
X,Y,L=training()
Xh,Yh,Lh=heldout()
lem=lemmas(list(X)+list(Xh))
use=use_vectors(list(X)+list(Xh))
U=np.vstack([use[t] for t in X]); Uh=np.vstack([use[t] for t in Xh])
for spec in os.environ.get('SPECS','raw,30,1').split(';'):
    NORM,C,WW=spec.split(','); C=float(C); WW=float(WW)
    cv=CountVectorizer(analyzer=lambda t: lem[t])
    W=cv.fit_transform(X).astype(float); Wh=cv.transform(Xh).astype(float)
    if NORM=='tfidf':
        tf=TfidfTransformer(sublinear_tf=True); W=tf.fit_transform(W); Wh=tf.transform(Wh)
    elif NORM=='l2': W=normalize(W); Wh=normalize(Wh)
    elif NORM.startswith('both'):
        k=float(NORM[4:] or 1); tf=TfidfTransformer(sublinear_tf=True); W=hstack([tf.fit_transform(W),W*k]).tocsr(); Wh=hstack([tf.transform(Wh),Wh*k]).tocsr()
    elif NORM.startswith('script'):
        k=float(NORM[6:]); tf=TfidfTransformer(sublinear_tf=True); W=tf.fit_transform(W); Wh=tf.transform(Wh)
        import scipy.sparse as sp
        nl=lambda xs: sp.diags([k if re.search('[\u0400-\u04FF\u0600-\u06FF]',t) else 1.0 for t in xs])
        W=(nl(X)@W).tocsr(); Wh=(nl(Xh)@Wh).tocsr()
    elif NORM=='mixed':
        tf=TfidfTransformer(sublinear_tf=True); T=tf.fit_transform(W); Th=tf.transform(Wh)
        import scipy.sparse as sp
        isn=lambda xs: np.array([1.0 if re.search('[\u0400-\u04FF\u0600-\u06FF]',t) else 0.0 for t in xs])
        a=isn(X); ah=isn(Xh)
        W=(sp.diags(a)@W + sp.diags(1-a)@T).tocsr(); Wh=(sp.diags(ah)@Wh + sp.diags(1-ah)@Th).tocsr()
    elif NORM=='idfraw':
        tf=TfidfTransformer(sublinear_tf=True,norm=None); W=tf.fit_transform(W); Wh=tf.transform(Wh)
    elif NORM=='idfraw2':
        tf=TfidfTransformer(sublinear_tf=False,norm=None); W=tf.fit_transform(W); Wh=tf.transform(Wh)
    clf=LogisticRegression(C=C,max_iter=1000,class_weight='balanced')
    clf.fit(hstack([W*WW,csr_matrix(U)]).tocsr(),Y); P=clf.predict_proba(hstack([Wh*WW,csr_matrix(Uh)]).tocsr())
    srt=np.sort(P,axis=1); top=clf.classes_[P.argmax(1)]
    fb=(srt[:,-1]<0.3)|((srt[:,-1]-srt[:,-2])<0.05)
    out=np.where(fb,'nlu_fallback',top); out=np.where((out=='nlu_fallback')&(Yh=='out_of_scope'),'out_of_scope',out)
    print(spec, ' '.join('%s %.3f'%(l,(out[Lh==l]==Yh[Lh==l]).mean()) for l in langs), flush=True)
