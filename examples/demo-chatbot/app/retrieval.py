"""Document retrieval with sentence embeddings."""

from sentence_transformers import SentenceTransformer

embedder = SentenceTransformer(
    "sentence-transformers/all-MiniLM-L6-v2",
    revision="c9745ed1d9f207416be6d2e6f8de32d1f16199bf",
)


def embed(texts):
    return embedder.encode(texts, normalize_embeddings=True)
