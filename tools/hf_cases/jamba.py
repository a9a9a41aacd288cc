"""Jamba: defaults, Jamba-v0.1 as published, every head, and every option the template reads."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=48, num_hidden_layers=4, num_attention_heads=4,
            num_key_value_heads=2, num_experts=4, num_experts_per_tok=2, attn_layer_period=2, attn_layer_offset=1,
            expert_layer_period=2, expert_layer_offset=0, mamba_d_state=8, mamba_dt_rank="auto")

CASES = [
    dict(case_id="jamba-defaults", model_type="jamba", config={}, architecture="JambaForCausalLM",
         source="JambaConfig() defaults"),
    dict(case_id="jamba-v0.1", model_type="jamba", architecture="JambaForCausalLM",
         source="ai21labs/Jamba-v0.1 config.json",
         config=dict(attention_dropout=0.0, attn_layer_offset=4, attn_layer_period=8, bos_token_id=1, eos_token_id=2,
                     expert_layer_offset=1, expert_layer_period=2, hidden_act="silu", hidden_size=4096,
                     initializer_range=0.02, intermediate_size=14336, mamba_conv_bias=True, mamba_d_conv=4,
                     mamba_d_state=16, mamba_dt_rank=256, mamba_expand=2, mamba_proj_bias=False,
                     max_position_embeddings=262144, num_attention_heads=32, num_experts=16, num_experts_per_tok=2,
                     num_hidden_layers=32, num_key_value_heads=8, output_router_logits=False, pad_token_id=0,
                     rms_norm_eps=1e-06, router_aux_loss_coef=0.001, sliding_window=None, tie_word_embeddings=False,
                     torch_dtype="bfloat16", use_cache=True, use_mamba_kernels=True, vocab_size=65536)),
    dict(case_id="jamba-tiny-options", model_type="jamba", architecture="JambaForCausalLM",
         source="every option flipped: tied embeddings, Mamba biases (proj on, conv off), dt_rank 5, d_conv 3, "
                "expand 3, MQA, top-1 of 3 experts, period 3 / offset 2 layout",
         config=dict(TINY, tie_word_embeddings=True, mamba_proj_bias=True, mamba_conv_bias=False, mamba_dt_rank=5,
                     mamba_d_conv=3, mamba_expand=3, num_key_value_heads=1, num_experts=3, num_experts_per_tok=1,
                     num_hidden_layers=6, attn_layer_period=3, attn_layer_offset=2, expert_layer_period=3,
                     expert_layer_offset=2)),
    dict(case_id="jamba-tiny-dense", model_type="jamba", architecture="JambaForCausalLM",
         source="num_experts 1: every feed-forward a dense MLP", config=dict(TINY, num_experts=1, num_experts_per_tok=1)),
    dict(case_id="jamba-tiny-head-dim", model_type="jamba", architecture="JambaForCausalLM",
         source="a head_dim key (JambaAttention reads getattr(config, 'head_dim', ...))",
         config=dict(TINY, head_dim=24)),
    dict(case_id="jamba-tiny-local-experts-alias", model_type="jamba", architecture="JambaForCausalLM",
         source="`num_local_experts` (attribute_map alias of num_experts)",
         config=dict({k: v for k, v in TINY.items() if k != "num_experts"}, num_local_experts=6)),
    dict(case_id="jamba-tiny-model", model_type="jamba", architecture="JambaModel", source="base model",
         config=dict(TINY)),
    dict(case_id="jamba-tiny-seqcls", model_type="jamba", architecture="JambaForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5)),
]
