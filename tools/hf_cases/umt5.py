"""umT5 (every block has its own relative attention bias): defaults, google/umt5-small and google/umt5-base, every head, the feed_forward_proj strings
(gated or not), an explicit is_gated_act winning over feed_forward_proj, the attribute_map aliases.

transformers 5 always ties lm_head and both embed_tokens to shared.weight (UMT5Config forces
tie_word_embeddings to true), but the published configs (tie_word_embeddings false) store their own
lm_head.weight: make_case unties it as the checkpoint has it (hf_fixture_lib.untie_as_config)."""

TINY = dict(vocab_size=128, d_model=64, d_kv=16, d_ff=96, num_layers=2, num_heads=4)


def published(**overrides):
    """The keys google/umt5-small's config.json holds."""
    config = dict(d_ff=1024, d_kv=64, d_model=512, decoder_start_token_id=0, dense_act_fn="gelu_new",
                  dropout_rate=0.1, eos_token_id=1, feed_forward_proj="gated-gelu", initializer_factor=1.0,
                  is_encoder_decoder=True, is_gated_act=True, layer_norm_epsilon=1e-06, num_decoder_layers=8,
                  num_heads=6, num_layers=8, output_past=True, pad_token_id=0, relative_attention_max_distance=128,
                  relative_attention_num_buckets=32, scalable_attention=True, tie_word_embeddings=False,
                  tokenizer_class="T5Tokenizer", use_cache=True, vocab_size=256384)
    config.update(overrides)
    return config


CASES = [
    dict(case_id="umt5-defaults", model_type="umt5", config={}, architecture="UMT5ForConditionalGeneration",
         source="UMT5Config() defaults"),
    dict(case_id="umt5-small", model_type="umt5", architecture="UMT5ForConditionalGeneration",
         source="google/umt5-small config.json; its own lm_head, as its checkpoint stores it "
                "(transformers 5 would tie it)", config=published()),
    dict(case_id="umt5-base", model_type="umt5", architecture="UMT5ForConditionalGeneration",
         source="google/umt5-base config.json; its own lm_head, as its checkpoint stores it "
                "(transformers 5 would tie it)",
         config=published(d_ff=2048, d_model=768, num_decoder_layers=12, num_heads=12, num_layers=12)),
    dict(case_id="umt5-xxl-encoder", model_type="umt5", architecture="UMT5EncoderModel",
         source="google/umt5-xxl config.json read as an encoder (the Wan2.1 text encoder)",
         config=published(d_ff=10240, d_model=4096, num_decoder_layers=24, num_heads=64, num_layers=24)),
    dict(case_id="umt5-tiny-relu", model_type="umt5", architecture="UMT5ForConditionalGeneration",
         source="feed_forward_proj relu (not gated), fewer decoder layers, heads * d_kv != d_model",
         config=dict(TINY, feed_forward_proj="relu", num_decoder_layers=3, d_kv=24,
                     relative_attention_num_buckets=16)),
    dict(case_id="umt5-tiny-gated-silu", model_type="umt5", architecture="UMT5ForConditionalGeneration",
         source="feed_forward_proj gated-silu", config=dict(TINY, feed_forward_proj="gated-silu")),
    dict(case_id="umt5-tiny-explicit-ungated", model_type="umt5", architecture="UMT5ForConditionalGeneration",
         source="explicit is_gated_act false wins over feed_forward_proj gated-gelu",
         config=dict(TINY, feed_forward_proj="gated-gelu", is_gated_act=False)),
    dict(case_id="umt5-tiny-aliases", model_type="umt5", architecture="UMT5ForConditionalGeneration",
         source="attribute_map aliases win; num_decoder_layers follows the canonical num_layers",
         config=dict(TINY, hidden_size=48, num_attention_heads=3, num_hidden_layers=3, head_dim=8)),
    dict(case_id="umt5-tiny-one-layer", model_type="umt5", architecture="UMT5ForConditionalGeneration",
         source="a single block per stack", config=dict(TINY, num_layers=1)),
    dict(case_id="umt5-tiny-model", model_type="umt5", architecture="UMT5Model", source="base model",
         config=dict(TINY)),
    dict(case_id="umt5-tiny-encoder", model_type="umt5", architecture="UMT5EncoderModel", source="encoder only",
         config=dict(TINY, feed_forward_proj="relu")),
    dict(case_id="umt5-tiny-seqcls", model_type="umt5", architecture="UMT5ForSequenceClassification",
         source="sequence classification (transformer. prefix)", config=dict(TINY, num_labels=5)),
    dict(case_id="umt5-tiny-tokcls", model_type="umt5", architecture="UMT5ForTokenClassification",
         source="token classification (encoder only, transformer. prefix)",
         config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
    dict(case_id="umt5-tiny-qa", model_type="umt5", architecture="UMT5ForQuestionAnswering",
         source="question answering", config=dict(TINY)),
    dict(case_id="umt5-tiny-encoder-is-decoder", model_type="umt5", architecture="UMT5EncoderModel",
         source="UMT5EncoderModel keeps is_decoder true from the config: cross-attention in every block",
         config=dict(TINY, is_decoder=True)),
    dict(case_id="umt5-tiny-tokcls-is-decoder", model_type="umt5", architecture="UMT5ForTokenClassification",
         source="token classification keeps is_decoder true too (its UMT5EncoderModel gets the config as given)",
         config=dict(TINY, is_decoder=True, num_labels=3)),
    dict(case_id="umt5-tiny-qa-is-decoder", model_type="umt5", architecture="UMT5ForQuestionAnswering",
         source="is_decoder true changes nothing in question answering (its encoder config sets it false)",
         config=dict(TINY, is_decoder=True)),
]
