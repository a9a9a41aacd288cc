"""DBRX: defaults, dbrx-base as published, both heads, and every option the template reads."""

TINY = dict(vocab_size=128, d_model=64, n_heads=4, n_layers=2,
            attn_config=dict(kv_n_heads=2, rope_theta=10000.0, clip_qkv=8), ffn_config=dict(ffn_hidden_size=48, moe_num_experts=4, moe_top_k=2))

CASES = [
    dict(case_id="dbrx-defaults", model_type="dbrx", architecture="DbrxForCausalLM",
         source="DbrxConfig() defaults; DbrxAttention reads attn_config.rope_theta, which DbrxAttentionConfig "
                "lacks unless given, and clamps q/k/v with clip_qkv (a null fails in the forward): only "
                "those and the default kv_n_heads are given", config=dict(attn_config=dict(kv_n_heads=1, rope_theta=10000.0, clip_qkv=8))),
    dict(case_id="dbrx-base", model_type="dbrx", architecture="DbrxForCausalLM",
         source="databricks/dbrx-base config.json (sub-config model_type and auto_map left out)",
         config=dict(attn_config=dict(clip_qkv=8, kv_n_heads=8, rope_theta=500000), d_model=6144, emb_pdrop=0.0,
                     ffn_config=dict(ffn_hidden_size=10752, moe_jitter_eps=0.01, moe_loss_weight=0.05,
                                     moe_num_experts=16, moe_top_k=4),
                     initializer_range=0.02, max_seq_len=32768, n_heads=48, n_layers=40, output_router_logits=False,
                     resid_pdrop=0.0, router_aux_loss_coef=0.05, tie_word_embeddings=False, torch_dtype="bfloat16",
                     use_cache=True, vocab_size=100352)),
    dict(case_id="dbrx-tiny-options", model_type="dbrx", architecture="DbrxForCausalLM",
         source="MHA (kv_n_heads = n_heads), top-1 of 3 experts",
         config=dict(TINY, attn_config=dict(kv_n_heads=4, rope_theta=10000.0, clip_qkv=8), ffn_config=dict(ffn_hidden_size=40, moe_num_experts=3,
                                                                          moe_top_k=1))),
    dict(case_id="dbrx-tiny-aliases", model_type="dbrx", architecture="DbrxForCausalLM",
         source="attribute_map aliases hidden_size, num_attention_heads, num_hidden_layers; the experts and router "
                "keep ffn_config.hidden_size = the d_model DbrxConfig had before the alias was set (2048)",
         config=dict(vocab_size=128, hidden_size=48, num_attention_heads=6, num_hidden_layers=3,
                     attn_config=dict(rope_theta=10000.0, clip_qkv=8))),
    dict(case_id="dbrx-tiny-floor-head-dim", model_type="dbrx", architecture="DbrxForCausalLM",
         source="d_model not a multiple of the heads: head_dim = 62 // 4 = 15", config=dict(TINY, d_model=62)),
    dict(case_id="dbrx-tiny-model", model_type="dbrx", architecture="DbrxModel", source="base model",
         config=dict(TINY)),
]
