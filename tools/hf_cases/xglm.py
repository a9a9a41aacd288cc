"""XGLM: defaults, facebook/xglm-564M as published, both heads, and every option the template reads
(untied lm_head, cross-attention, attribute_map aliases)."""

TINY = dict(vocab_size=128, max_position_embeddings=32, d_model=64, ffn_dim=96, num_layers=2, attention_heads=4)

CASES = [
    dict(case_id="xglm-defaults", model_type="xglm", config={}, architecture="XGLMForCausalLM",
         source="XGLMConfig() defaults", expected_params=564463616),
    dict(case_id="xglm-564m", model_type="xglm", architecture="XGLMForCausalLM",
         source="facebook/xglm-564M config.json", expected_params=564463616,
         config=dict(activation_dropout=0, activation_function="gelu", attention_dropout=0.1, attention_heads=16,
                     bos_token_id=0, d_model=1024, decoder_start_token_id=2, dropout=0.1, eos_token_id=2,
                     ffn_dim=4096, init_std=0.02, layerdrop=0.0, max_position_embeddings=2048, num_layers=24,
                     pad_token_id=1, scale_embedding=True, transformers_version="4.16.0.dev0", use_cache=True,
                     vocab_size=256008)),
    dict(case_id="xglm-tiny-untied", model_type="xglm", architecture="XGLMForCausalLM",
         source="tie_word_embeddings false: lm_head stored apart", config=dict(TINY, tie_word_embeddings=False)),
    dict(case_id="xglm-tiny-cross", model_type="xglm", architecture="XGLMForCausalLM",
         source="add_cross_attention: encoder_attn in every layer", config=dict(TINY, add_cross_attention=True)),
    dict(case_id="xglm-tiny-aliases", model_type="xglm", architecture="XGLMForCausalLM",
         source="attribute_map aliases (hidden_size, num_attention_heads, num_hidden_layers) win",
         config=dict(TINY, hidden_size=48, num_attention_heads=3, num_hidden_layers=3)),
    dict(case_id="xglm-tiny-model", model_type="xglm", architecture="XGLMModel", source="base model",
         config=dict(TINY, scale_embedding=False)),
]
