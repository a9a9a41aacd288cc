"""LongT5: defaults (local attention, relu), google/long-t5-tglobal-base and -large,
google/long-t5-local-base, every head, encoder_attention_type local / transient-global, the
feed_forward_proj strings, an explicit is_gated_act, the attribute_map aliases.

transformers 5 always ties lm_head and both embed_tokens to shared.weight (LongT5Config forces
tie_word_embeddings to true), but the published configs (tie_word_embeddings false) store their own
lm_head.weight: make_case unties it as the checkpoint has it (hf_fixture_lib.untie_as_config)."""

TINY = dict(vocab_size=128, d_model=64, d_kv=16, d_ff=96, num_layers=2, num_heads=4, local_radius=7,
            global_block_size=4)


def published(**overrides):
    """The keys google/long-t5-tglobal-base's config.json holds."""
    config = dict(d_ff=2048, d_kv=64, d_model=768, decoder_start_token_id=0, dense_act_fn="gelu_new",
                  dropout_rate=0.1, encoder_attention_type="transient-global", eos_token_id=1,
                  feed_forward_proj="gated-gelu", global_block_size=16, initializer_factor=1.0,
                  is_encoder_decoder=True, is_gated_act=True, layer_norm_epsilon=1e-06, local_radius=127,
                  n_positions=4096, num_decoder_layers=12, num_heads=12, num_layers=12, output_past=True,
                  pad_token_id=0, relative_attention_max_distance=128, relative_attention_num_buckets=32,
                  tie_word_embeddings=False, torch_dtype="float32", transformers_version="4.20.0.dev0",
                  use_cache=True, vocab_size=32128)
    config.update(overrides)
    return config


CASES = [
    dict(case_id="longt5-defaults", model_type="longt5", config={}, architecture="LongT5ForConditionalGeneration",
         source="LongT5Config() defaults (local attention, relu)"),
    dict(case_id="longt5-tglobal-base", model_type="longt5", architecture="LongT5ForConditionalGeneration",
         source="google/long-t5-tglobal-base config.json; its own lm_head, as its checkpoint stores it "
                "(transformers 5 would tie it)", config=published()),
    dict(case_id="longt5-tglobal-large", model_type="longt5", architecture="LongT5ForConditionalGeneration",
         source="google/long-t5-tglobal-large config.json; its own lm_head, as its checkpoint stores it "
                "(transformers 5 would tie it)",
         config=published(d_ff=2816, d_model=1024, num_decoder_layers=24, num_heads=16, num_layers=24)),
    dict(case_id="longt5-local-base", model_type="longt5", architecture="LongT5ForConditionalGeneration",
         source="google/long-t5-local-base config.json; its own lm_head, as its checkpoint stores it "
                "(transformers 5 would tie it)",
         config=published(encoder_attention_type="local")),
    dict(case_id="longt5-tiny-tglobal-relu", model_type="longt5", architecture="LongT5ForConditionalGeneration",
         source="transient-global, relu, fewer decoder layers, heads * d_kv != d_model, other bucket count",
         config=dict(TINY, encoder_attention_type="transient-global", feed_forward_proj="relu",
                     num_decoder_layers=3, d_kv=24, relative_attention_num_buckets=16)),
    dict(case_id="longt5-tiny-local-gated", model_type="longt5", architecture="LongT5ForConditionalGeneration",
         source="local, feed_forward_proj gated-silu", config=dict(TINY, feed_forward_proj="gated-silu")),
    dict(case_id="longt5-tiny-explicit-ungated", model_type="longt5", architecture="LongT5ForConditionalGeneration",
         source="explicit is_gated_act false wins over feed_forward_proj gated-gelu",
         config=dict(TINY, feed_forward_proj="gated-gelu", is_gated_act=False)),
    dict(case_id="longt5-tiny-aliases", model_type="longt5", architecture="LongT5ForConditionalGeneration",
         source="attribute_map aliases win; num_decoder_layers follows the canonical num_layers",
         config=dict(TINY, hidden_size=48, num_attention_heads=3, num_hidden_layers=3, head_dim=8)),
    dict(case_id="longt5-tiny-one-layer", model_type="longt5", architecture="LongT5ForConditionalGeneration",
         source="a single block per stack", config=dict(TINY, num_layers=1, encoder_attention_type="transient-global")),
    dict(case_id="longt5-tiny-model", model_type="longt5", architecture="LongT5Model", source="base model",
         config=dict(TINY, encoder_attention_type="transient-global")),
    dict(case_id="longt5-tiny-encoder-local", model_type="longt5", architecture="LongT5EncoderModel",
         source="encoder only, local attention", config=dict(TINY)),
    dict(case_id="longt5-tiny-encoder-tglobal", model_type="longt5", architecture="LongT5EncoderModel",
         source="encoder only, transient-global attention",
         config=dict(TINY, encoder_attention_type="transient-global", feed_forward_proj="gated-gelu")),
    dict(case_id="longt5-tiny-encoder-is-decoder", model_type="longt5", architecture="LongT5EncoderModel",
         source="LongT5EncoderModel keeps is_decoder true from the config: plain SelfAttention (not the"
                " transient-global one) and cross-attention in every block",
         config=dict(TINY, encoder_attention_type="transient-global", is_decoder=True)),
    dict(case_id="longt5-tiny-encoder-local-is-decoder", model_type="longt5", architecture="LongT5EncoderModel",
         source="LongT5EncoderModel, local attention, is_decoder true", config=dict(TINY, is_decoder=True)),
    dict(case_id="longt5-tiny-is-decoder", model_type="longt5", architecture="LongT5ForConditionalGeneration",
         source="is_decoder true changes nothing in an encoder-decoder head (its encoder config sets it false)",
         config=dict(TINY, encoder_attention_type="transient-global", is_decoder=True)),
]
